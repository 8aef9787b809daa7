using Libp2p.Interop.Node;

namespace Libp2p.Interop.Implementations;

/// <summary>
/// One entry of <c>interop-harness/implementations.yaml</c>, in the spirit of test-plans'
/// <c>versionsInput.json</c> (<c>id</c>, <c>transports</c>, <c>secureChannels</c>, <c>muxers</c>, <c>timeoutSecs</c>)
/// plus how to start it (docs/TEST-PLANS.md §1.1 "Versions declaration").
/// </summary>
public sealed record Implementation
{
    /// <summary>Unique id used in test names, e.g. <c>dotnet</c>, <c>js-v3</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Runtime kind (<see cref="RuntimeKinds"/>).</summary>
    public required string Runtime { get; init; }

    /// <summary>Which node contract the program follows.</summary>
    public NodeContract Contract { get; init; } = NodeContract.TestPlans;

    /// <summary>Program and arguments (process runtime); placeholders <c>{repo}</c> and <c>{cli}</c> are expanded by the runtime.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Extra environment for the program.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Container image (docker runtime).</summary>
    public string? Image { get; init; }

    /// <summary>Dockerfile building <see cref="Image"/> (docker runtime), relative to the repository root.</summary>
    public string? Dockerfile { get; init; }

    /// <summary>Build context of <see cref="Dockerfile"/>, relative to the repository root (default: the repository root).</summary>
    public string? BuildContext { get; init; }

    /// <summary>Where the image or program comes from (repository and pinned commit), for humans and build recipes.</summary>
    public string? Source { get; init; }

    /// <summary>Supported transports.</summary>
    public required IReadOnlyList<ImplementationTransport> Transports { get; init; }

    /// <summary>Supported secure channels.</summary>
    public IReadOnlyList<string> SecureChannels { get; init; } = [];

    /// <summary>Supported muxers.</summary>
    public IReadOnlyList<string> Muxers { get; init; } = [];

    /// <summary>Test timeout this implementation asks for; the larger of the two sides applies.</summary>
    public int? TimeoutSeconds { get; init; }
}

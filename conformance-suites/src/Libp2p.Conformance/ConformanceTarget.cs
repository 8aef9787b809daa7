using Libp2p.Conformance.Wire;

namespace Libp2p.Conformance;

/// <summary>
/// The implementation under test (docs/ARCHITECTURE.md, "conformance-suites"): <c>reference</c> (our stack in
/// process), <c>wire:NAME</c> (an implementation running a listener; our stack is the tester peer) or
/// <c>daemon:ADDRESS</c> (an implementation exposing the p2pd control protocol). Suites run by <c>dotnet test</c>
/// learn their target from the <see cref="EnvironmentVariable"/> environment variable.
/// </summary>
public sealed class ConformanceTarget
{
    /// <summary>The environment variable naming the target of a test run.</summary>
    public const string EnvironmentVariable = "CONFORMANCE_TARGET";

    /// <summary>The target used when <see cref="EnvironmentVariable"/> is unset or empty.</summary>
    public const string DefaultId = "reference";

    /// <summary>Longest target ID accepted.</summary>
    public const int MaxIdLength = 256;

    private ConformanceTarget(string id, ConformanceTargetKind kind, string? name, TargetCapabilities capabilities, IReadOnlyList<WireEndpoint>? endpoints = null)
    {
        Id = id;
        Kind = kind;
        Name = name;
        Capabilities = capabilities;
        WireEndpoints = endpoints ?? [];
    }

    /// <summary>Our reference stack in process, with the transports, security protocols and muxers it ships.</summary>
    public static ConformanceTarget Reference { get; } = new(
        DefaultId,
        ConformanceTargetKind.Reference,
        name: null,
        new TargetCapabilities(
            transports: ["memory", "tcp", "ws", "quic-v1"],
            security: ["noise", "tls", "plaintext"],
            muxers: ["yamux", "mplex"],
            protocols: ["/multistream/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/echo/1.0.0", "/perf/1.0.0"]));

    /// <summary>The target ID as written, e.g. <c>reference</c> or <c>wire:js-v3</c>.</summary>
    public string Id { get; }

    /// <summary>How the target is reached.</summary>
    public ConformanceTargetKind Kind { get; }

    /// <summary>The part after <c>kind:</c> (an implementation name or a daemon's control address); null for <c>reference</c>.</summary>
    public string? Name { get; }

    /// <summary>What the target declares it supports; tests of anything else are reported as unsupported.</summary>
    public TargetCapabilities Capabilities { get; }

    /// <summary>
    /// The endpoints of a started <c>wire</c> target (listen addresses) or <c>daemon</c> target (control addresses),
    /// one per (security, muxer) combination it was started with; empty for <c>reference</c> and for a target whose
    /// processes were not started, e.g. when a suite is run by hand without the <c>conformance</c> command.
    /// </summary>
    public IReadOnlyList<WireEndpoint> WireEndpoints { get; }

    /// <summary>Whether this daemon target names a running daemon's control address rather than a recipe.</summary>
    public bool IsDaemonAddress => Kind == ConformanceTargetKind.Daemon && Name is not null && Name.StartsWith('/');

    /// <summary>
    /// Whether suites can run against this target: <c>reference</c> always, <c>wire</c> and <c>daemon</c> once their
    /// processes run (<see cref="WireEndpoints"/> known).
    /// </summary>
    public bool IsImplemented => Kind == ConformanceTargetKind.Reference || WireEndpoints.Count > 0;

    /// <summary>This wire or daemon target with its running endpoints and its declared capabilities.</summary>
    public ConformanceTarget WithEndpoints(IReadOnlyList<WireEndpoint> endpoints, TargetCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (Kind == ConformanceTargetKind.Reference)
        {
            throw new InvalidOperationException($"target '{Id}' is not a wire or daemon target");
        }
        return new ConformanceTarget(Id, Kind, Name, capabilities, endpoints);
    }

    /// <summary>
    /// Parses a target ID: <c>reference</c>, <c>wire:NAME</c>, <c>daemon:NAME</c> or <c>daemon:CONTROL-ADDRESS</c>;
    /// anything else throws <see cref="ConformanceTargetException"/>.
    /// </summary>
    public static ConformanceTarget Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string trimmed = id.Trim();
        if (trimmed.Length == 0)
        {
            throw new ConformanceTargetException(id, "the target ID is empty; use reference, wire:NAME, daemon:NAME or daemon:CONTROL-ADDRESS");
        }
        if (trimmed.Length > MaxIdLength)
        {
            throw new ConformanceTargetException(id, $"the target ID is longer than {MaxIdLength} characters");
        }
        if (string.Equals(trimmed, DefaultId, StringComparison.OrdinalIgnoreCase))
        {
            return Reference;
        }
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string kindText = colon < 0 ? trimmed : trimmed[..colon];
        ConformanceTargetKind kind = kindText.ToLowerInvariant() switch
        {
            "wire" => ConformanceTargetKind.Wire,
            "daemon" => ConformanceTargetKind.Daemon,
            "reference" => throw new ConformanceTargetException(id, "the reference target takes no name: use 'reference'"),
            _ => throw new ConformanceTargetException(
                id, $"unknown target kind '{kindText}'; use reference, wire:NAME, daemon:NAME or daemon:CONTROL-ADDRESS"),
        };
        string name = colon < 0 ? string.Empty : trimmed[(colon + 1)..];
        if (name.Length == 0)
        {
            throw new ConformanceTargetException(id, $"the {kindText} target needs a name after the colon, e.g. {kindText}:js-v3");
        }
        foreach (char c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ConformanceTargetException(id, "the target name contains whitespace or control characters");
            }
        }
        return new ConformanceTarget($"{kind.ToString().ToLowerInvariant()}:{name}", kind, name, TargetCapabilities.None);
    }

    /// <summary>
    /// The target named by <see cref="EnvironmentVariable"/> (default <c>reference</c>); throws
    /// <see cref="ConformanceTargetException"/> for an ID <see cref="Parse"/> rejects.
    /// </summary>
    public static ConformanceTarget FromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        ConformanceTarget target = string.IsNullOrWhiteSpace(value) ? Reference : Parse(value);
        string? endpoints = Environment.GetEnvironmentVariable(WireTargetEnvironment.EndpointsVariable);
        if (target.Kind == ConformanceTargetKind.Reference || string.IsNullOrWhiteSpace(endpoints))
        {
            return target;
        }
        string? capabilities = Environment.GetEnvironmentVariable(WireTargetEnvironment.CapabilitiesVariable);
        try
        {
            return target.WithEndpoints(
                WireTargetEnvironment.DecodeEndpoints(endpoints),
                string.IsNullOrWhiteSpace(capabilities) ? TargetCapabilities.None : WireTargetEnvironment.DecodeCapabilities(capabilities));
        }
        catch (FormatException e)
        {
            throw new ConformanceTargetException(target.Id, $"target '{target.Id}': {e.Message}");
        }
    }

    /// <summary>Throws <see cref="ConformanceTargetException"/> when suites cannot run against this target yet.</summary>
    public void EnsureImplemented()
    {
        if (IsImplemented)
        {
            return;
        }
        string what = Kind == ConformanceTargetKind.Wire ? "listener" : "daemon control";
        throw new ConformanceTargetException(
            Id,
            $"target '{Id}': no {what} endpoints; run the suites through './conformance conformance --target {Id}', "
            + $"which starts the target and sets {WireTargetEnvironment.EndpointsVariable}");
    }

    /// <inheritdoc/>
    public override string ToString() => Id;
}

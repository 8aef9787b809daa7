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

    /// <summary>The part after <c>kind:</c> (an implementation name or daemon address); null for <c>reference</c>.</summary>
    public string? Name { get; }

    /// <summary>What the target declares it supports; tests of anything else are reported as unsupported.</summary>
    public TargetCapabilities Capabilities { get; }

    /// <summary>
    /// The listener endpoints of a started <c>wire</c> target (empty for other kinds, and for a wire target whose
    /// listener was not started, e.g. when a suite is run by hand without the <c>conformance</c> command).
    /// </summary>
    public IReadOnlyList<WireEndpoint> WireEndpoints { get; }

    /// <summary>
    /// Whether suites can run against this target: <c>reference</c> always, <c>wire</c> once its listener runs
    /// (<see cref="WireEndpoints"/> known), <c>daemon</c> not yet.
    /// </summary>
    public bool IsImplemented => Kind == ConformanceTargetKind.Reference
        || (Kind == ConformanceTargetKind.Wire && WireEndpoints.Count > 0);

    /// <summary>This wire target with its running listener's endpoints and its declared capabilities.</summary>
    public ConformanceTarget WithWireListener(IReadOnlyList<WireEndpoint> endpoints, TargetCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (Kind != ConformanceTargetKind.Wire)
        {
            throw new InvalidOperationException($"target '{Id}' is not a wire target");
        }
        return new ConformanceTarget(Id, Kind, Name, capabilities, endpoints);
    }

    /// <summary>
    /// Parses a target ID. <c>wire:NAME</c> and <c>daemon:ADDRESS</c> parse (use <see cref="EnsureImplemented"/>
    /// to reject them until they exist); anything else throws <see cref="ConformanceTargetException"/>.
    /// </summary>
    public static ConformanceTarget Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string trimmed = id.Trim();
        if (trimmed.Length == 0)
        {
            throw new ConformanceTargetException(id, "the target ID is empty; use reference, wire:NAME or daemon:ADDRESS");
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
                id, $"unknown target kind '{kindText}'; use reference, wire:NAME or daemon:ADDRESS"),
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
        if (target.Kind != ConformanceTargetKind.Wire || string.IsNullOrWhiteSpace(endpoints))
        {
            return target;
        }
        string? capabilities = Environment.GetEnvironmentVariable(WireTargetEnvironment.CapabilitiesVariable);
        try
        {
            return target.WithWireListener(
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
        if (Kind == ConformanceTargetKind.Wire)
        {
            throw new ConformanceTargetException(
                Id,
                $"target '{Id}': no listener endpoints; run the suites through './conformance conformance --target {Id}', "
                + $"which starts the listener and sets {WireTargetEnvironment.EndpointsVariable}");
        }
        throw new ConformanceTargetException(
            Id,
            $"target '{Id}': daemon targets are not implemented yet (they need the p2pd client of Libp2p.Daemon); "
            + "use reference or wire:NAME",
            notImplemented: true);
    }

    /// <inheritdoc/>
    public override string ToString() => Id;
}

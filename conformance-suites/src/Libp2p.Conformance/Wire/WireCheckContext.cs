using Libp2p.Core.Identity;

namespace Libp2p.Conformance.Wire;

/// <summary>What a <see cref="WireCheck"/> knows about the target: its listener endpoints and declared capabilities.</summary>
public sealed class WireCheckContext
{
    /// <summary>Creates the context; <paramref name="endpoints"/> must not be empty.</summary>
    public WireCheckContext(IReadOnlyList<WireEndpoint> endpoints, TargetCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("a wire target needs at least one listener endpoint", nameof(endpoints));
        }
        Endpoints = endpoints;
        Capabilities = capabilities;
    }

    /// <summary>Every (security, muxer, address) the listener was started with.</summary>
    public IReadOnlyList<WireEndpoint> Endpoints { get; }

    /// <summary>What the target declares.</summary>
    public TargetCapabilities Capabilities { get; }

    /// <summary>The tester's identity for this check.</summary>
    public PrivateKey TesterIdentity { get; } = PrivateKey.Generate(KeyType.Ed25519);

    /// <summary>
    /// The first endpoint with <paramref name="security"/> and <paramref name="muxer"/> (either may be null for
    /// "any"); throws <see cref="WireUnsupportedException"/> when the target has none.
    /// </summary>
    public WireEndpoint Endpoint(string? security = null, string? muxer = null)
    {
        foreach (WireEndpoint endpoint in Endpoints)
        {
            if ((security is null || string.Equals(endpoint.Security, security, StringComparison.OrdinalIgnoreCase))
                && (muxer is null || string.Equals(endpoint.Muxer, muxer, StringComparison.OrdinalIgnoreCase)))
            {
                return endpoint;
            }
        }
        throw new WireUnsupportedException(string.Join("+", new[] { security, muxer }.Where(s => s is not null)));
    }

    /// <summary>
    /// Turns a refused protocol into the right verdict: unsupported when the target does not declare it, a
    /// violation when it declares it but answered "na".
    /// </summary>
    public Exception Refused(string protocol) =>
        Capabilities.Protocols.Contains(protocol)
            ? new WireViolationException($"the target declares {protocol} but answered \"na\" to it")
            : new WireUnsupportedException(protocol);
}

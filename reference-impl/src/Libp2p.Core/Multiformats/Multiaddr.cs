using System.Text;

namespace Libp2p.Core.Multiformats;

/// <summary>
/// A multiaddr: a self-describing, composable network address (multiformats/multiaddr README "Specification").
/// Immutable; held in binary form; equality is equality of the binary form (protocols/unix.md: "implementations
/// should compare their binary representation"). The string form is canonical: /ipfs is written /p2p, IPv6 per RFC 5952.
/// </summary>
public sealed partial class Multiaddr : IEquatable<Multiaddr>
{
    /// <summary>Largest binary multiaddr accepted or produced.</summary>
    public const int MaxBytes = 1024;

    /// <summary>Most components a multiaddr may have.</summary>
    public const int MaxComponents = 32;

    /// <summary>Longest string form accepted by <see cref="Parse"/>.</summary>
    public const int MaxStringLength = 4096;

    private readonly byte[] _bytes;
    private readonly MultiaddrComponent[] _components;
    private string? _string;

    private Multiaddr(byte[] bytes, MultiaddrComponent[] components, string? text)
    {
        _bytes = bytes;
        _components = components;
        _string = text;
    }

    /// <summary>The empty multiaddr ("/").</summary>
    public static Multiaddr Empty { get; } = new([], [], "/");

    /// <summary>The components, in order.</summary>
    public IReadOnlyList<MultiaddrComponent> Components => _components;

    /// <summary>The protocols of the components, in order.</summary>
    public IEnumerable<MultiaddrProtocol> Protocols => _components.Select(c => c.Protocol);

    /// <summary>True for the empty multiaddr.</summary>
    public bool IsEmpty => _components.Length == 0;

    /// <summary>The binary form without copying.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>A copy of the binary form.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>The canonical string form.</summary>
    public override string ToString()
    {
        if (_string is null)
        {
            var builder = new StringBuilder(_bytes.Length * 2);
            foreach (MultiaddrComponent component in _components)
            {
                component.AppendTo(builder);
            }
            _string = builder.ToString();
        }
        return _string;
    }

    /// <summary>Appends <paramref name="other"/> (multiaddr README "Encapsulation").</summary>
    /// <exception cref="MultiaddrFormatException">The result would exceed <see cref="MaxBytes"/> or <see cref="MaxComponents"/>.</exception>
    public Multiaddr Encapsulate(Multiaddr other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty)
        {
            return this;
        }
        if (IsEmpty)
        {
            return other;
        }
        if (_bytes.Length + other._bytes.Length > MaxBytes)
        {
            throw new MultiaddrFormatException(null, $"encapsulated multiaddr exceeds {MaxBytes} bytes");
        }
        if (_components.Length + other._components.Length > MaxComponents)
        {
            throw new MultiaddrFormatException(null, $"encapsulated multiaddr exceeds {MaxComponents} components");
        }
        return FromTrustedBytes([.. _bytes, .. other._bytes]);
    }

    /// <summary>Parses <paramref name="other"/> and appends it.</summary>
    /// <exception cref="MultiaddrFormatException">Invalid input or limits exceeded.</exception>
    public Multiaddr Encapsulate(string other) => Encapsulate(Parse(other));

    /// <summary>
    /// Removes the last occurrence of <paramref name="other"/>'s component sequence and everything after it
    /// (multiaddr README "Decapsulation"); returns this address unchanged when <paramref name="other"/> does not occur.
    /// </summary>
    public Multiaddr Decapsulate(Multiaddr other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int n = other._components.Length;
        if (n == 0)
        {
            return this;
        }
        for (int start = _components.Length - n; start >= 0; start--)
        {
            bool match = true;
            for (int j = 0; j < n && match; j++)
            {
                match = _components[start + j].Equals(other._components[j]);
            }
            if (match)
            {
                return Take(start);
            }
        }
        return this;
    }

    /// <summary>Parses <paramref name="other"/> and decapsulates it.</summary>
    public Multiaddr Decapsulate(string other) => Decapsulate(Parse(other));

    /// <summary>Removes the last component with protocol <paramref name="code"/> and everything after it; unchanged if absent.</summary>
    public Multiaddr DecapsulateCode(ulong code)
    {
        for (int i = _components.Length - 1; i >= 0; i--)
        {
            if (_components[i].Code == code)
            {
                return Take(i);
            }
        }
        return this;
    }

    /// <summary>The string value of the first component of protocol <paramref name="protocolName"/> ("" for protocols without a value).</summary>
    /// <exception cref="KeyNotFoundException">No such component.</exception>
    public string GetValue(string protocolName)
        => TryGetValue(protocolName, out string? value) ? value : throw new KeyNotFoundException($"multiaddr {this} has no /{protocolName} component");

    /// <summary>The string value of the first component of protocol <paramref name="protocolName"/> (aliases such as "ipfs" match "p2p").</summary>
    public bool TryGetValue(string protocolName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(protocolName);
        value = null;
        if (!MultiaddrProtocol.TryGetByName(protocolName, out MultiaddrProtocol? protocol))
        {
            return false;
        }
        foreach (MultiaddrComponent component in _components)
        {
            if (component.Code == protocol.Code)
            {
                value = component.Value ?? string.Empty;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The multihash bytes of the last /p2p component (the peer ID of the addressed peer; libp2p/specs addressing
    /// "The p2p multiaddr"), or null when there is none.
    /// </summary>
    public byte[]? GetPeerIdMultihash() => TryGetPeerIdMultihash(out ReadOnlyMemory<byte> multihash) ? multihash.ToArray() : null;

    /// <summary>The multihash bytes of the last /p2p component without copying.</summary>
    public bool TryGetPeerIdMultihash(out ReadOnlyMemory<byte> multihash)
    {
        for (int i = _components.Length - 1; i >= 0; i--)
        {
            if (_components[i].Code == PeerIdProtocolCode)
            {
                multihash = _components[i].ValueBytes;
                return true;
            }
        }
        multihash = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(Multiaddr? other) => other is not null && other._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Multiaddr);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Equality of the binary forms.</summary>
    public static bool operator ==(Multiaddr? left, Multiaddr? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality of the binary forms.</summary>
    public static bool operator !=(Multiaddr? left, Multiaddr? right) => !(left == right);

    private Multiaddr Take(int componentCount)
    {
        if (componentCount == 0)
        {
            return Empty;
        }
        MultiaddrComponent last = _components[componentCount - 1];
        int end = GetEnd(last);
        return FromTrustedBytes(_bytes.AsSpan(0, end).ToArray());
    }

    private int GetEnd(MultiaddrComponent component)
    {
        // Component memories are slices of _bytes; recover the end offset from the slice.
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(component.Bytes, out ArraySegment<byte> segment);
        return segment.Offset + segment.Count;
    }
}

using System.Text;
using Libp2p.Core.Multiformats.Internal;

namespace Libp2p.Core.Multiformats;

/// <summary>
/// One <c>/protocol[/value]</c> element of a <see cref="Multiaddr"/> (multiformats/multiaddr README "Specification":
/// binary <c>&lt;varint code&gt;[&lt;varint length&gt;]&lt;value&gt;</c>).
/// </summary>
public readonly struct MultiaddrComponent : IEquatable<MultiaddrComponent>
{
    internal MultiaddrComponent(MultiaddrProtocol protocol, ReadOnlyMemory<byte> bytes, ReadOnlyMemory<byte> valueBytes)
    {
        Protocol = protocol;
        Bytes = bytes;
        ValueBytes = valueBytes;
    }

    /// <summary>The protocol (for code 421 always "p2p").</summary>
    public MultiaddrProtocol Protocol { get; }

    /// <summary>The protocol code.</summary>
    public ulong Code => Protocol.Code;

    /// <summary>The protocol name.</summary>
    public string Name => Protocol.Name;

    /// <summary>The whole component in binary form (code, length prefix if any, value).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The value in binary form (empty for protocols without a value).</summary>
    public ReadOnlyMemory<byte> ValueBytes { get; }

    /// <summary>The value in string form (computed on each call), or null for protocols without a value.</summary>
    public string? Value
    {
        get
        {
            if (!Protocol.HasValue)
            {
                return null;
            }
            var builder = new StringBuilder();
            MultiaddrValueCodec.Append(builder, Protocol, ValueBytes.Span);
            return builder.ToString();
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    /// <inheritdoc />
    public bool Equals(MultiaddrComponent other) => Bytes.Span.SequenceEqual(other.Bytes.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MultiaddrComponent other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes.Span);
        return hash.ToHashCode();
    }

    /// <summary>Equality of the binary forms.</summary>
    public static bool operator ==(MultiaddrComponent left, MultiaddrComponent right) => left.Equals(right);

    /// <summary>Inequality of the binary forms.</summary>
    public static bool operator !=(MultiaddrComponent left, MultiaddrComponent right) => !left.Equals(right);

    internal void AppendTo(StringBuilder builder)
    {
        builder.Append('/').Append(Protocol.Name);
        if (Protocol.HasValue)
        {
            builder.Append('/');
            MultiaddrValueCodec.Append(builder, Protocol, ValueBytes.Span);
        }
    }
}

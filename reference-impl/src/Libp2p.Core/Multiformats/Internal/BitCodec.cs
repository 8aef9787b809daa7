namespace Libp2p.Core.Multiformats.Internal;

/// <summary>
/// RFC 4648-style bit-group codec (base2, base8, base16, base32 variants, base64 variants): the input is read as a
/// bit string, most significant bit first, cut into groups of <c>log2(alphabet)</c> bits; the last group is padded
/// with zero bits and, for padded variants, the text with '=' up to a whole block.
/// </summary>
internal sealed class BitCodec
{
    private readonly string _alphabet;
    private readonly sbyte[] _map = new sbyte[128];
    private readonly int _bits;
    private readonly int _padBlock;

    /// <param name="alphabet">2^bits characters.</param>
    /// <param name="caseInsensitive">Decode accepts either case (multibase: base16, base32*, base36).</param>
    /// <param name="padBlock">Characters per padded block (8 for base32, 4 for base64), 0 for no padding.</param>
    public BitCodec(string alphabet, bool caseInsensitive, int padBlock)
    {
        _alphabet = alphabet;
        _bits = System.Numerics.BitOperations.Log2((uint)alphabet.Length);
        _padBlock = padBlock;
        Array.Fill(_map, (sbyte)-1);
        for (int i = 0; i < alphabet.Length; i++)
        {
            char c = alphabet[i];
            _map[c] = (sbyte)i;
            if (caseInsensitive)
            {
                _map[char.ToUpperInvariant(c)] = (sbyte)i;
                _map[char.ToLowerInvariant(c)] = (sbyte)i;
            }
        }
    }

    public int GetEncodedLength(int byteCount)
    {
        int chars = (int)(((long)byteCount * 8 + _bits - 1) / _bits);
        if (_padBlock > 0 && chars % _padBlock != 0)
        {
            chars += _padBlock - (chars % _padBlock);
        }
        return chars;
    }

    public void Encode(ReadOnlySpan<byte> data, Span<char> destination)
    {
        int mask = (1 << _bits) - 1;
        int buffer = 0;
        int held = 0;
        int o = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            held += 8;
            while (held >= _bits)
            {
                held -= _bits;
                destination[o++] = _alphabet[(buffer >> held) & mask];
            }
            buffer &= (1 << held) - 1;
        }
        if (held > 0)
        {
            destination[o++] = _alphabet[(buffer << (_bits - held)) & mask];
        }
        destination[o..].Fill('=');
    }

    public string Encode(ReadOnlySpan<byte> data)
    {
        int length = GetEncodedLength(data.Length);
        Span<char> chars = length <= 1024 ? stackalloc char[length] : new char[length];
        Encode(data, chars);
        return new string(chars);
    }

    /// <summary>Decodes; on failure returns false with the offending index (or -1 for a length/padding problem).</summary>
    public bool TryDecode(ReadOnlySpan<char> text, out byte[] result, out int badIndex, out string? problem)
    {
        result = [];
        badIndex = -1;
        problem = null;
        int end = text.Length;
        if (_padBlock > 0)
        {
            while (end > 0 && text[end - 1] == '=')
            {
                end--;
            }
            if (end != text.Length && text.Length % _padBlock != 0)
            {
                problem = $"padded text length {text.Length} is not a multiple of {_padBlock}";
                return false;
            }
            if (text.Length - end >= _padBlock)
            {
                problem = "too much padding";
                return false;
            }
        }
        long totalBits = (long)end * _bits;
        int byteCount = (int)(totalBits / 8);
        int leftover = (int)(totalBits % 8);
        if (leftover >= _bits)
        {
            problem = $"{end} characters is not a valid length for a {1 << _bits}-character alphabet";
            return false;
        }
        if (_padBlock > 0 && end != text.Length && GetEncodedLength(byteCount) != text.Length)
        {
            problem = "padding does not match the data length";
            return false;
        }
        byte[] bytes = new byte[byteCount];
        int buffer = 0;
        int held = 0;
        int o = 0;
        for (int i = 0; i < end; i++)
        {
            char c = text[i];
            int v = c < 128 ? _map[c] : -1;
            if (v < 0)
            {
                badIndex = i;
                return false;
            }
            buffer = (buffer << _bits) | v;
            held += _bits;
            if (held >= 8)
            {
                held -= 8;
                bytes[o++] = (byte)(buffer >> held);
                buffer &= (1 << held) - 1;
            }
        }
        if (buffer != 0)
        {
            problem = "non-zero trailing bits";
            return false;
        }
        result = bytes;
        return true;
    }
}

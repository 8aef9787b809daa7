namespace Libp2p.Core.Multiformats.Internal;

/// <summary>
/// Big-number radix conversion used by base10, base36 and base58 (multiformats/multibase "rfc4648 vs. radix" bases):
/// each leading zero byte maps to one leading zero digit, the rest is the number in the target base.
/// Quadratic in the input length, so callers cap the input size before calling.
/// </summary>
internal sealed class RadixCodec
{
    private readonly string _alphabet;
    private readonly sbyte[] _map = new sbyte[128];
    private readonly int _base;

    public RadixCodec(string alphabet, bool caseInsensitive)
    {
        _alphabet = alphabet;
        _base = alphabet.Length;
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

    public string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }
        // log(256)/log(base) digits per byte, rounded up; base >= 10 so 2.41 is the worst case.
        int capacity = ((data.Length - zeros) * 241 / 100) + 1;
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(capacity);
        Span<byte> digits = rented;
        int length = 0;
        for (int i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (int j = 0; j < length; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % _base);
                carry /= _base;
            }
            while (carry > 0)
            {
                digits[length++] = (byte)(carry % _base);
                carry /= _base;
            }
        }
        try
        {
            return string.Create(zeros + length, (Alphabet: _alphabet, Zeros: zeros, Digits: rented, Length: length), static (span, state) =>
            {
                span[..state.Zeros].Fill(state.Alphabet[0]);
                for (int i = 0; i < state.Length; i++)
                {
                    span[state.Zeros + i] = state.Alphabet[state.Digits[state.Length - 1 - i]];
                }
            });
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public bool TryDecode(ReadOnlySpan<char> text, out byte[] result, out int badIndex)
    {
        result = [];
        badIndex = -1;
        int zeros = 0;
        while (zeros < text.Length && text[zeros] < 128 && _map[text[zeros]] == 0)
        {
            zeros++;
        }
        // log(base)/log(256) bytes per digit, rounded up; base <= 58 so 0.733 is the worst case.
        int capacity = ((text.Length - zeros) * 733 / 1000) + 1;
        byte[] bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            int length = 0;
            for (int i = zeros; i < text.Length; i++)
            {
                char c = text[i];
                int digit = c < 128 ? _map[c] : -1;
                if (digit < 0)
                {
                    badIndex = i;
                    return false;
                }
                int carry = digit;
                for (int j = 0; j < length; j++)
                {
                    carry += bytes[j] * _base;
                    bytes[j] = (byte)carry;
                    carry >>= 8;
                }
                while (carry > 0)
                {
                    bytes[length++] = (byte)carry;
                    carry >>= 8;
                }
            }
            result = new byte[zeros + length];
            for (int i = 0; i < length; i++)
            {
                result[zeros + i] = bytes[length - 1 - i];
            }
            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}

using System.CommandLine;
using Libp2p.Core.Identity;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>peer-id --private-key-hex HEX</c> / <c>peer-id --public-key-hex HEX</c>: derives the peer ID of a key protobuf
/// (libp2p/specs peer-ids/peer-ids.md "Peer Ids") and prints it as base58btc on the first line and as a CIDv1 in
/// base32 on the second. Invalid input: one line on stderr, exit code 1.
/// </summary>
internal static class PeerIdCommand
{
    public static Command Create()
    {
        var privateKey = new Option<string?>("--private-key-hex") { Description = "A libp2p PrivateKey protobuf in hex (optional 0x prefix)" };
        var publicKey = new Option<string?>("--public-key-hex") { Description = "A libp2p PublicKey protobuf in hex (optional 0x prefix)" };
        var command = new Command("peer-id", "Print the peer ID (base58btc, then CIDv1 base32) of a private or public key protobuf.");
        command.Options.Add(privateKey);
        command.Options.Add(publicKey);
        command.SetAction(parse => Run(parse.GetValue(privateKey), parse.GetValue(publicKey)));
        return command;
    }

    private static int Run(string? privateHex, string? publicHex)
    {
        if ((privateHex is null) == (publicHex is null))
        {
            Console.Error.WriteLine("error: give exactly one of --private-key-hex HEX or --public-key-hex HEX");
            return 1;
        }
        string option = privateHex is not null ? "--private-key-hex" : "--public-key-hex";
        string hex = (privateHex ?? publicHex)!.Trim();
        string digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            Console.Error.WriteLine($"error: {option}: not an even-length hexadecimal string");
            return 1;
        }
        try
        {
            PublicKey key = privateHex is not null ? PrivateKey.FromProtobuf(bytes).PublicKey : PublicKey.FromProtobuf(bytes);
            PeerId id = PeerId.FromPublicKey(key);
            Console.Out.WriteLine(id.ToString());
            Console.Out.WriteLine(id.ToCidString());
            return 0;
        }
        catch (KeyFormatException e)
        {
            Console.Error.WriteLine($"error: {option}: {e.Message}");
            return 1;
        }
    }
}

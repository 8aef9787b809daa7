using System.CommandLine;
using Libp2p.Core.Multiformats;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>multiaddr STRING</c> prints the binary form as lower-case hex; <c>multiaddr --hex HEX</c> prints the string form
/// (multiformats/multiaddr README "Specification"). Invalid input: one line on stderr, exit code 1.
/// </summary>
internal static class MultiaddrCommand
{
    public static Command Create()
    {
        var text = new Argument<string?>("multiaddr")
        {
            Description = "A multiaddr in string form, e.g. /ip4/127.0.0.1/udp/1234/quic-v1",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var hex = new Option<string?>("--hex") { Description = "Decode this binary multiaddr (hex, optional 0x prefix) and print its string form" };
        var command = new Command("multiaddr", "Convert a multiaddr between its string and binary (hex) forms.");
        command.Arguments.Add(text);
        command.Options.Add(hex);
        command.SetAction(parse => Run(parse.GetValue(text), parse.GetValue(hex)));
        return command;
    }

    private static int Run(string? text, string? hex)
    {
        if ((text is null) == (hex is null))
        {
            Console.Error.WriteLine("error: give either a multiaddr string or --hex HEX, not both or neither");
            return 1;
        }
        try
        {
            if (text is not null)
            {
                Console.Out.WriteLine(Convert.ToHexStringLower(Multiaddr.Parse(text).Bytes.Span));
                return 0;
            }
            string digits = hex!.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(digits);
            }
            catch (FormatException)
            {
                Console.Error.WriteLine("error: --hex: not an even-length hexadecimal string");
                return 1;
            }
            Console.Out.WriteLine(Multiaddr.FromBytes(bytes).ToString());
            return 0;
        }
        catch (MultiaddrFormatException e)
        {
            return CliFailure.Report(e);
        }
    }
}

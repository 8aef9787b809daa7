using System.CommandLine;
using Libp2p.Core.Identity;
using Libp2p.Stack;

namespace Conformance.Cli.Commands;

/// <summary>The <c>--security</c>, <c>--muxer</c> and <c>--key-file</c> options shared by the node commands.</summary>
internal sealed class StackCliOptions
{
    public Option<string> Security { get; } = new("--security")
    {
        Description = "Security protocols in preference order, comma-separated: noise, tls, plaintext",
        DefaultValueFactory = _ => "noise,tls",
    };

    public Option<string> Muxer { get; } = new("--muxer")
    {
        Description = "Muxers in preference order, comma-separated: yamux, mplex",
        DefaultValueFactory = _ => "yamux,mplex",
    };

    public Option<FileInfo?> KeyFile { get; } = new("--key-file")
    {
        Description = "Identity key: a libp2p PrivateKey protobuf file (a fresh Ed25519 key when absent)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Security);
        command.Options.Add(Muxer);
        command.Options.Add(KeyFile);
    }

    /// <summary>Builds the spec; throws <see cref="ArgumentException"/> with a one-line reason on bad input.</summary>
    public StackSpec Read(ParseResult parse)
    {
        string[] security = Split(parse.GetValue(Security));
        string[] muxers = Split(parse.GetValue(Muxer));
        foreach (string name in security.Where(n => !ReferenceStack.SecurityNames.Contains(n)))
        {
            throw new ArgumentException($"unknown security protocol '{name}' (known: {string.Join(", ", ReferenceStack.SecurityNames)})");
        }
        foreach (string name in muxers.Where(n => !ReferenceStack.MuxerNames.Contains(n)))
        {
            throw new ArgumentException($"unknown muxer '{name}' (known: {string.Join(", ", ReferenceStack.MuxerNames)})");
        }
        FileInfo? keyFile = parse.GetValue(KeyFile);
        return new StackSpec
        {
            Security = security,
            Muxers = muxers,
            Identity = keyFile is null ? null : Libp2p.Core.Identity.KeyFile.Load(keyFile.FullName),
        };
    }

    private static string[] Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } parts
            ? parts
            : throw new ArgumentException("at least one name is needed for --security and --muxer");
}

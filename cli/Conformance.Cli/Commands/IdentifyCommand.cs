using System.CommandLine;
using System.Text.Json;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Identify;
using Libp2p.Stack;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>identify</c>: dials a node, runs <c>/ipfs/id/1.0.0</c> (libp2p/specs identify/README.md) and prints the
/// remote's verified identify fields as one JSON object on stdout.
/// </summary>
internal static class IdentifyCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("multiaddr") { Description = "Address to dial, ideally ending in /p2p/<peer-id>" };
        var timeout = new Option<double>("--timeout") { Description = "Overall timeout in seconds", DefaultValueFactory = _ => 30 };
        var stack = new StackCliOptions();
        var command = new Command("identify", "Dial a node, run identify and print its fields as JSON.");
        command.Arguments.Add(address);
        command.Options.Add(timeout);
        stack.AddTo(command);
        command.SetAction((parse, token) => RunAsync(parse.GetValue(address)!, parse.GetValue(timeout), stack, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(string address, double timeoutSeconds, StackCliOptions stack, ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            await using Node node = ReferenceStack.CreateNode(stack.Read(parse));
            UpgradedConnection connection = await node.DialAsync(Multiaddr.Parse(address), timeout.Token).ConfigureAwait(false);
            IdentifyInfo info = await node.EnableIdentify().IdentifyAsync(connection, timeout.Token).ConfigureAwait(false);
            Console.Out.WriteLine(ToJson(info));
            return 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: no answer within {timeoutSeconds} s");
            return 1;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e);
        }
    }

    private static string ToJson(IdentifyInfo info)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("peerId", info.PeerId.ToString());
            json.WriteString("publicKey", Convert.ToHexStringLower(info.PublicKey.ToProtobuf()));
            json.WriteStartArray("listenAddrs");
            foreach (Multiaddr a in info.ListenAddresses)
            {
                json.WriteStringValue(a.ToString());
            }
            json.WriteEndArray();
            json.WriteStartArray("protocols");
            foreach (string p in info.Protocols)
            {
                json.WriteStringValue(p);
            }
            json.WriteEndArray();
            json.WriteString("observedAddr", info.ObservedAddress?.ToString());
            json.WriteString("agentVersion", info.AgentVersion);
            json.WriteString("protocolVersion", info.ProtocolVersion);
            json.WriteBoolean("signedPeerRecordVerified", info.SignedPeerRecordVerified);
            if (info.SignedPeerRecord is { } record)
            {
                json.WriteNumber("signedPeerRecordSeq", record.Seq);
                json.WriteStartArray("signedPeerRecordAddrs");
                foreach (Multiaddr a in record.Addresses)
                {
                    json.WriteStringValue(a.ToString());
                }
                json.WriteEndArray();
            }
            else if (info.SignedPeerRecordError is { } error)
            {
                json.WriteString("signedPeerRecordError", error);
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

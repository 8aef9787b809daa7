using System.Globalization;

namespace Libp2p.Perf.Runner;

/// <summary>
/// How the runner pins perf processes to CPUs (issue 7: "can pin client and server to CPUs and says whether it did"):
/// with two or more usable CPUs and <c>taskset</c> installed, every server process runs on one CPU and every client
/// process on another, so the two sides do not steal each other's core. Measurements taken inside the runner
/// process (the SslStream baseline, dotnet latency, the connection-rate and idle clients) cannot be pinned per side.
/// </summary>
/// <param name="Used">Whether server and client processes were pinned.</param>
/// <param name="ServerCpu">CPU of server processes (perf servers, iperf3 -s), when pinned.</param>
/// <param name="ClientCpu">CPU of client processes (perf clients, iperf3 -c), when pinned.</param>
/// <param name="Description">One sentence for the report: what was done, or why not.</param>
public sealed record CpuPinning(bool Used, int? ServerCpu, int? ClientCpu, string Description)
{
    /// <summary>What is never pinned, whatever <see cref="Used"/> says.</summary>
    public const string InProcessNote = "In-process measurements (SslStream baseline, dotnet connection + 1-byte latency, connections per second and idle clients) run in the runner process and cannot be pinned per side.";

    /// <summary>Decides the pinning from the request, the CPUs this process may use and where <c>taskset</c> is.</summary>
    /// <param name="requested">The <c>--pin</c> option.</param>
    /// <param name="allowedCpus">CPU IDs this process may run on (<see cref="AllowedCpus"/>).</param>
    /// <param name="taskset">Path of <c>taskset</c>, or null when not installed.</param>
    public static CpuPinning Decide(bool requested, IReadOnlyList<int> allowedCpus, string? taskset)
    {
        ArgumentNullException.ThrowIfNull(allowedCpus);
        if (!requested)
        {
            return new CpuPinning(false, null, null, "CPU pinning: not used (--pin false); clients and servers share all cores.");
        }
        if (allowedCpus.Count < 2)
        {
            return new CpuPinning(false, null, null, $"CPU pinning: not possible with {allowedCpus.Count} usable CPU; clients and servers share it.");
        }
        if (taskset is null)
        {
            return new CpuPinning(false, null, null, "CPU pinning: not possible, taskset is not installed (util-linux); clients and servers share all cores.");
        }
        int server = allowedCpus[0];
        int client = allowedCpus[1];
        return new CpuPinning(true, server, client, string.Create(CultureInfo.InvariantCulture,
            $"CPU pinning: used (taskset -c): server processes on CPU {server}, client processes on CPU {client}."));
    }

    /// <summary>
    /// Parses a Linux CPU list (<c>Cpus_allowed_list</c> in /proc/self/status: <c>0-3,8,10-11</c>) into sorted CPU IDs;
    /// throws <see cref="FormatException"/> on malformed text or more than 4096 CPUs.
    /// </summary>
    public static IReadOnlyList<int> ParseCpuList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const int MaxCpus = 4096;
        var cpus = new SortedSet<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] bounds = part.Split('-');
            if (bounds.Length > 2 || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                || !int.TryParse(bounds[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int last) || last < first || last >= MaxCpus)
            {
                throw new FormatException($"bad CPU list '{text}'");
            }
            for (int cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }
        return [.. cpus];
    }

    /// <summary>The CPUs this process may run on (from /proc/self/status; 0..ProcessorCount-1 when that is unreadable).</summary>
    public static IReadOnlyList<int> AllowedCpus()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            if (line is not null)
            {
                return ParseCpuList(line["Cpus_allowed_list:".Length..]);
            }
        }
        return [.. Enumerable.Range(0, Environment.ProcessorCount)];
    }

    /// <summary>The command line that runs <paramref name="command"/> on the server CPU (unchanged when not pinned).</summary>
    public (string Command, IEnumerable<string> Arguments) Server(string command, IEnumerable<string> arguments) => Wrap(ServerCpu, command, arguments);

    /// <summary>The command line that runs <paramref name="command"/> on the client CPU (unchanged when not pinned).</summary>
    public (string Command, IEnumerable<string> Arguments) Client(string command, IEnumerable<string> arguments) => Wrap(ClientCpu, command, arguments);

    private (string, IEnumerable<string>) Wrap(int? cpu, string command, IEnumerable<string> arguments) =>
        Used && cpu is { } c ? ("taskset", ["-c", c.ToString(CultureInfo.InvariantCulture), command, .. arguments]) : (command, arguments);
}

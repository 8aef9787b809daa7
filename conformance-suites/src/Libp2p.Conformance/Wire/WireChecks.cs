namespace Libp2p.Conformance.Wire;

/// <summary>The catalog of wire checks, by module; the wire suites and the mutation check both run them.</summary>
public static class WireChecks
{
    /// <summary>Every check, module by module.</summary>
    public static IReadOnlyList<WireCheck> All { get; } =
    [
        .. MultistreamWireChecks.All,
        .. SecurityWireChecks.Security,
        .. SecurityWireChecks.Noise,
        .. SecurityWireChecks.Tls,
        .. YamuxWireChecks.All,
        .. MplexWireChecks.All,
        .. StreamMuxerWireChecks.All,
        .. ProtocolWireChecks.Ping,
        .. ProtocolWireChecks.Identify,
        .. ProtocolWireChecks.Perf,
    ];

    /// <summary>The check called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public static WireCheck Named(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"no wire check named '{name}'");

    /// <summary>The checks of <paramref name="module"/>.</summary>
    public static IReadOnlyList<WireCheck> ForModule(string module) => [.. All.Where(c => c.Module == module)];

    /// <summary>
    /// Runs <paramref name="check"/> with a time budget and returns null when it passed, the failure otherwise;
    /// <see cref="WireUnsupportedException"/> propagates.
    /// </summary>
    public static async Task<Exception?> RunAsync(WireCheck check, WireCheckContext context, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        try
        {
            await check.Run(context, deadline.Token).WaitAsync(budget + TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (WireUnsupportedException)
        {
            throw;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new WireViolationException($"{check.Name}: no verdict within {budget.TotalSeconds:0} s (the target stopped responding)", e);
        }
        catch (TimeoutException e)
        {
            return new WireViolationException($"{check.Name}: no verdict within {budget.TotalSeconds:0} s (the target stopped responding)", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
    }
}

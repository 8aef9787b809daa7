namespace Conformance.Cli.Commands;

/// <summary>Turns an exception into the one-line stderr message and exit code 1 every command uses.</summary>
internal static class CliFailure
{
    public static int Report(Exception e)
    {
        Exception root = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : e;
        Console.Error.WriteLine($"error: {root.Message}");
        return 1;
    }
}

// Shows pulls and pushes as `docker pull` does: a progress bar per layer on a terminal, a line per finished
// blob otherwise (CI logs). Always on stderr, as podman does, so `berth run` output stays the container's own.
using Berth.Distribution;
using Spectre.Console;

namespace Berth.Cli;

static class TransferProgressView
{
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<TransferProgress>, Task<T>> transfer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Interactive)
        {
            var lines = new Progress<TransferProgress>(p =>
            {
                if (p.State is TransferState.Done or TransferState.Skipped or TransferState.Mounted or TransferState.Failed)
                    Console.Error.WriteLine($"{p.Digest.Hex[..12]}: {State(p.State)}{(p.Error is null ? "" : $" ({p.Error})")}");
            });
            Console.Error.WriteLine(title);
            return await transfer(lines);
        }
        T result = default!;
        await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new SynchronousProgress(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Digest.Hex, out var task))
                            tasks[p.Digest.Hex] = task = context.AddTask(p.Digest.Hex[..12], maxValue: Math.Max(p.Total, 1));
                        task.Description = $"{p.Digest.Hex[..12]} {State(p.State)}";
                        task.Value = p.State is TransferState.Done or TransferState.Skipped or TransferState.Mounted ? task.MaxValue : p.Done;
                    }
                });
                result = await transfer(progress);
            });
        return result;
    }

    static string State(TransferState state) => state switch
    {
        TransferState.Skipped => "Already exists",
        TransferState.Mounted => "Mounted",
        TransferState.Done => "Done",
        TransferState.Failed => "Failed",
        _ => state.ToString(),
    };

    sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}

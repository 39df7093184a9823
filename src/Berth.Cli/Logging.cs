// Log output for long-running commands: one line per event, as text or JSON, on stderr.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Berth.Cli;

static class Logging
{
    public static void Configure(ILoggingBuilder logging, string format)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        if (format == "json") logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        else logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; });
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}

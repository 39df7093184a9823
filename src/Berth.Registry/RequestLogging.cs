// One structured log line per request: method, path, status, bytes and duration, for operators.
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.Registry;

static partial class RequestLogging
{
    public static async Task InvokeAsync(HttpContext http, Func<Task> next, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        try { await next(); }
        finally
        {
            Log(logger, http.Request.Method, http.Request.Path.Value ?? "", http.Response.StatusCode,
                http.Request.ContentLength ?? 0, http.Response.ContentLength ?? 0,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, http.Connection.RemoteIpAddress?.ToString() ?? "");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} in={RequestBytes} out={ResponseBytes} {ElapsedMs:0.0}ms from {Remote}")]
    static partial void Log(ILogger logger, string method, string path, int status, long requestBytes, long responseBytes, double elapsedMs, string remote);
}

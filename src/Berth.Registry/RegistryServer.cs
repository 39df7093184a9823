// Builds the registry's HTTP server: Kestrel on the listen address (TLS when a certificate is given),
// request logging, optional basic auth, and the router. `berth registry` and `berth server` host it.
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Berth.Registry.Auth;
using Berth.Registry.Routes;
using Berth.Registry.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Registry;

public static class RegistryServer
{
    public static WebApplication Build(RegistryOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var endpoint = ParseListen(options.Listen);
        if ((options.TlsCertificate is null) != (options.TlsKey is null))
            throw new ArgumentException("--tls-cert and --tls-key go together");
        var certificate = options.TlsCertificate is { } cert ? X509Certificate2.CreateFromPemFile(cert, options.TlsKey) : null;
        var htpasswd = options.Htpasswd is { } file ? Htpasswd.Load(file) : null;
        var storage = new RegistryStorage(new FileSystemDriver(options.Root));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Listen(endpoint, l => { if (certificate is not null) l.UseHttps(certificate); });
        });
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Berth.Registry");
        app.Use((http, next) => RequestLogging.InvokeAsync(http, () => next(http), logger));
        if (htpasswd is not null) app.Use((http, next) => Authenticate(http, next, htpasswd));
        var router = new Router(storage, options);
        app.Run(router.HandleAsync);
        return app;
    }

    static Task Authenticate(HttpContext http, RequestDelegate next, Htpasswd htpasswd)
    {
        if (htpasswd.VerifyHeader(http.Request.Headers.Authorization)) return next(http);
        var challenge = new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"berth-registry\"" };
        return Router.WriteErrorAsync(http, RegistryError.Unauthorized.With("log in with a user from the registry's htpasswd file", challenge));
    }

    public static IPEndPoint ParseListen(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new ArgumentException($"listen address \"{listen}\" must be HOST:PORT, e.g. 127.0.0.1:5000");
        var host = listen[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var ip) ? ip
            : throw new ArgumentException($"listen address \"{listen}\": \"{host}\" is not an IP address");
        return new IPEndPoint(address, port);
    }
}

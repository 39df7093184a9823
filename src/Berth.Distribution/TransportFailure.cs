// Sends a request and turns a failure to reach the host (refused, unresolvable, timed out, TLS) into a
// RegistryClientException that names the host and the fix, instead of the socket's own wording.
using System.Net.Sockets;
using System.Security.Authentication;

namespace Berth.Distribution;

static class TransportFailure
{
    /// <param name="what">Who is being reached, for the message: "registry localhost:5000".</param>
    /// <param name="registry">The registry, for the `--insecure-registry` advice.</param>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string what, string registry,
        CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseHeadersRead)
    {
        try { return await http.SendAsync(request, completion, ct); }
        catch (HttpRequestException e) { throw Describe(e, what, registry, request.RequestUri!); }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RegistryClientException($"cannot reach {what}: no answer from {request.RequestUri!.Authority} in time", inner: e);
        }
    }

    public static RegistryClientException Describe(HttpRequestException e, string what, string registry, Uri uri)
    {
        var message = e switch
        {
            { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } =>
                $"cannot reach {what}: connection refused (nothing listens on {uri.Authority}; start the registry or check the address)",
            { HttpRequestError: HttpRequestError.NameResolutionError } =>
                $"cannot reach {what}: host name \"{uri.Host}\" does not resolve; check the name",
            { HttpRequestError: HttpRequestError.SecureConnectionError } when IsUntrustedCertificate(e) =>
                $"{what} presented a TLS certificate this machine does not trust ({Innermost(e).Message}); add its CA certificate "
                + "to /usr/local/share/ca-certificates and run update-ca-certificates",
            { HttpRequestError: HttpRequestError.SecureConnectionError } =>
                $"{what} does not speak HTTPS (the TLS handshake with {uri.Authority} failed: {Innermost(e).Message}); "
                + $"if it serves plain HTTP, mark it insecure with --insecure-registry {registry}",
            { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } =>
                $"{what} closed the connection or answered garbage ({Innermost(e).Message})",
            _ => $"cannot reach {what}: {Innermost(e).Message}",
        };
        return new RegistryClientException(message, inner: e);
    }

    // .NET reports a refused certificate and a peer that is not speaking TLS at all with the same error kind;
    // only a certificate failure mentions the certificate.
    static bool IsUntrustedCertificate(Exception e) =>
        Chain(e).Any(x => x is AuthenticationException && x.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase));

    static Exception Innermost(Exception e) => Chain(e).Last();

    static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}

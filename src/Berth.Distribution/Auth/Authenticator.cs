// Authenticates one registry's requests: remembers how the registry challenged (Basic or Bearer) and then
// sends credentials, or a bearer token from its token service, cached per set of scopes until it expires.
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Berth.Distribution;

sealed class Authenticator(string registry, RegistryCredentials? credentials, HttpClient http)
{
    static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _fetching = new(1, 1);
    volatile AuthChallenge? _challenge;

    sealed record CachedToken(string Token, DateTimeOffset RenewAt);

    public RegistryCredentials? Credentials => credentials;

    /// <summary>Adds the Authorization header the registry asked for the last time it challenged; none before that.</summary>
    public async Task AuthorizeAsync(HttpRequestMessage request, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        switch (_challenge)
        {
            case { IsBasic: true } when credentials is not null:
                request.Headers.Authorization = Basic(credentials);
                break;
            case { IsBearer: true } bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(bearer, scopes, ct));
                break;
        }
    }

    /// <summary>
    /// Learns from a 401 to <paramref name="sent"/>; returns the scopes to retry with, or null when a retry cannot help
    /// (no challenge, or basic credentials that were already refused or are missing).
    /// </summary>
    public IReadOnlyList<string>? Challenged(HttpResponseMessage response, HttpRequestMessage sent, IReadOnlyList<string> scopes)
    {
        if (AuthChallenge.Select(response) is not { } challenge) return null;
        _challenge = challenge;
        if (challenge.IsBasic) return credentials is not null && sent.Headers.Authorization is null ? scopes : null;
        // The registry may ask for more than the request named (a mount needs pull on the source repository too).
        var retryScopes = Scopes.Union(scopes, challenge.Scopes);
        _tokens.TryRemove(Key(challenge, retryScopes), out _);
        return retryScopes;
    }

    async Task<string> TokenAsync(AuthChallenge bearer, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var key = Key(bearer, scopes);
        if (_tokens.TryGetValue(key, out var cached) && cached.RenewAt > DateTimeOffset.UtcNow) return cached.Token;
        await _fetching.WaitAsync(ct);
        try
        {
            // Parallel blob transfers ask at once; the first fetches, the others find its token here.
            if (_tokens.TryGetValue(key, out cached) && cached.RenewAt > DateTimeOffset.UtcNow) return cached.Token;
            var token = await FetchAsync(bearer, scopes, ct);
            _tokens[key] = token;
            return token.Token;
        }
        finally { _fetching.Release(); }
    }

    async Task<CachedToken> FetchAsync(AuthChallenge bearer, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var realm = bearer.Realm!;
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("http" or "https"))
            throw new RegistryClientException($"registry {registry} sent a token realm \"{realm}\" that is not an http(s) URL; its auth configuration is broken");
        var query = new List<string>();
        if (bearer.Service is { } service) query.Add($"service={Uri.EscapeDataString(service)}");
        query.AddRange(scopes.Select(scope => $"scope={Uri.EscapeDataString(scope)}"));
        var url = realm + (realm.Contains('?') ? "&" : "?") + string.Join('&', query);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (credentials is not null) request.Headers.Authorization = Basic(credentials);

        // The lifetime is counted from before the request on this machine's clock, so neither a slow answer
        // nor a token service whose clock is ahead can make a token outlive its real expiry here.
        var requestedAt = DateTimeOffset.UtcNow;
        using var response = await TransportFailure.SendAsync(http, request, $"token service {realmUri.Authority} of registry {registry}", registry, ct);
        if (!response.IsSuccessStatusCode) throw Refused(response, realmUri);
        TokenBody? body;
        try { body = await response.Content.ReadFromJsonAsync(DistributionJsonContext.Default.TokenBody, ct); }
        catch (JsonException e) { throw new RegistryClientException($"token service {realm} of registry {registry} answered with invalid JSON: {e.Message}", inner: e); }
        var token = body?.Token is { Length: > 0 } t ? t : body?.AccessToken;
        if (string.IsNullOrEmpty(token))
            throw new RegistryClientException($"token service {realm} of registry {registry} answered without a \"token\" or \"access_token\"");
        var lifetime = body!.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultTokenLifetime;
        var margin = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 10, TimeSpan.FromSeconds(10).Ticks));
        return new CachedToken(token, requestedAt + lifetime - margin);
    }

    RegistryClientException Refused(HttpResponseMessage response, Uri realm)
    {
        var refused = response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden;
        var message = refused
            ? credentials is null
                ? $"registry {registry} requires authentication (its token service {realm.GetLeftPart(UriPartial.Path)} refused an anonymous token); "
                  + LoginHint(registry)
                : $"registry {registry}'s token service {realm.GetLeftPart(UriPartial.Path)} rejected the credentials of user \"{credentials.User}\"; "
                  + $"check the password, or {LoginHint(registry)}"
            : $"token service {realm.GetLeftPart(UriPartial.Path)} of registry {registry} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        return new RegistryClientException(message, response.StatusCode, refused ? RegistryErrorCodes.Unauthorized : null);
    }

    public static string LoginHint(string registry) =>
        $"log in with `podman login {registry}` (berth reads the same auth file), or add \"{registry}\" to $REGISTRY_AUTH_FILE or ~/.docker/config.json";

    static AuthenticationHeaderValue Basic(RegistryCredentials c) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.User}:{c.Password}")));

    static string Key(AuthChallenge bearer, IReadOnlyList<string> scopes) =>
        $"{bearer.Realm}\n{bearer.Service}\n{string.Join(' ', scopes.Order(StringComparer.Ordinal))}";
}

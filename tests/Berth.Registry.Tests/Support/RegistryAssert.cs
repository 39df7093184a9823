// Assertions on registry responses: status (with the body in the failure message), the spec's error body
// {"errors":[{"code":...}]}, and headers wherever HttpClient files them (response or content headers).
using System.Net;
using System.Text.Json;

namespace Berth.Registry.Tests.Support;

public static class RegistryAssert
{
    public static async Task StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode == expected) return;
        var body = await response.Content.ReadAsStringAsync();
        Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
    }

    /// <summary>Asserts the status and that the body's error list is exactly one error with <paramref name="code"/>.</summary>
    public static async Task ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        await StatusAsync(response, status);
        Assert.Equal("registry/2.0", Header(response, "Docker-Distribution-API-Version"));
        var body = await response.Content.ReadAsStringAsync();
        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            Assert.Empty(body);
            return;
        }
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    /// <summary>A 405 UNSUPPORTED that lists the route's methods in Allow, as HTTP requires of every 405.</summary>
    public static async Task MethodNotAllowedAsync(HttpResponseMessage response, string allow)
    {
        await ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        Assert.Equal(allow, Header(response, "Allow"));
    }

    /// <summary>The single value of a header, from the response or its content headers; null when absent.</summary>
    public static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values)
            || response.Content.Headers.NonValidated.TryGetValues(name, out values))
            return Assert.Single(values);
        return null;
    }

    public static string RequiredHeader(HttpResponseMessage response, string name) =>
        Header(response, name) ?? throw new Xunit.Sdk.XunitException($"response has no {name} header");

    public static string Location(HttpResponseMessage response) => RequiredHeader(response, "Location");
}

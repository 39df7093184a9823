// The error object a CNI plugin prints on stdout when it fails (spec 1.0, "Error").
using System.Text.Json.Serialization;

namespace Berth.Runtime.Network;

sealed record CniError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string? Msg = null,
    [property: JsonPropertyName("details")] string? Details = null);

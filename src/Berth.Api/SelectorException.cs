// A label or field selector that does not parse; the API server answers it with 400 BadRequest and this message,
// worded like kube-apiserver's so kubectl users recognise it.
namespace Berth.Api;

public sealed class SelectorException(string message) : Exception(message);

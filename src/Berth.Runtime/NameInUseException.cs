// A pod sandbox or container name that another one already holds; the CRI answers it with ALREADY_EXISTS.
// Derives from InvalidOperationException so callers that only know "the state forbids it" still catch it.
namespace Berth.Runtime;

public sealed class NameInUseException(string message) : InvalidOperationException(message);

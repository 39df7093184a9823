// One registry shared by the tests of a class (xunit runs them one after another); each test works in its
// own repositories, so they do not see each other's content.
namespace Berth.Registry.Tests.Support;

public sealed class RegistryFixture : IAsyncLifetime
{
    public TestRegistry Registry { get; private set; } = null!;

    public RegistryClient Client => Registry.Client;

    public async Task InitializeAsync() => Registry = await TestRegistry.StartAsync();

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}

// Tests that measure process-wide allocations run alone, so other tests' allocations do not blur the numbers.
namespace Berth.Oci.Tests.Support;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallel
{
    public const string Name = "allocation measurements";
}

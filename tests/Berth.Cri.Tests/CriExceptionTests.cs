// CriException carries the gRPC status a CRI runtime answers with; the codes must keep gRPC's own numbers,
// because the gRPC layer writes them to grpc-status as they are.
namespace Berth.Cri.Tests;

public class CriExceptionTests
{
    [Theory]
    [InlineData(CriStatusCode.Ok, 0)]
    [InlineData(CriStatusCode.Cancelled, 1)]
    [InlineData(CriStatusCode.Unknown, 2)]
    [InlineData(CriStatusCode.InvalidArgument, 3)]
    [InlineData(CriStatusCode.DeadlineExceeded, 4)]
    [InlineData(CriStatusCode.NotFound, 5)]
    [InlineData(CriStatusCode.AlreadyExists, 6)]
    [InlineData(CriStatusCode.PermissionDenied, 7)]
    [InlineData(CriStatusCode.ResourceExhausted, 8)]
    [InlineData(CriStatusCode.FailedPrecondition, 9)]
    [InlineData(CriStatusCode.Aborted, 10)]
    [InlineData(CriStatusCode.OutOfRange, 11)]
    [InlineData(CriStatusCode.Unimplemented, 12)]
    [InlineData(CriStatusCode.Internal, 13)]
    [InlineData(CriStatusCode.Unavailable, 14)]
    [InlineData(CriStatusCode.DataLoss, 15)]
    [InlineData(CriStatusCode.Unauthenticated, 16)]
    public void Status_codes_have_the_gRPC_numbers(CriStatusCode code, int number) => Assert.Equal(number, (int)code);

    [Fact]
    public void The_17_gRPC_codes_are_all_there_is() => Assert.Equal(17, Enum.GetValues<CriStatusCode>().Length);

    [Fact]
    public void Exception_carries_the_code_and_the_message()
    {
        var error = new CriException(CriStatusCode.NotFound, "container \"c0ffee\" not found");

        Assert.Equal(CriStatusCode.NotFound, error.StatusCode);
        Assert.Equal("container \"c0ffee\" not found", error.Message);
    }

    [Fact]
    public void An_error_cannot_claim_status_OK() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CriException(CriStatusCode.Ok, "fine"));
}

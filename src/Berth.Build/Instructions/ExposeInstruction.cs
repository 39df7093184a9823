// EXPOSE 80 443/tcp 8000-8010/udp: ports the image documents. Each word is expanded and split again (EXPOSE $PORTS
// may name several), and only then checked, as BuildKit does when it builds the stage.
namespace Berth.Build;

public sealed record ExposeInstruction(IReadOnlyList<string> Ports) : Instruction
{
    public override string Keyword => "EXPOSE";

    internal static ExposeInstruction Parse(InstructionRequest request)
    {
        request.RequireAtLeastOne();
        request.Flags();
        var ports = request.Args.Order(StringComparer.Ordinal).ToList();
        return new ExposeInstruction(ports) { Location = request.Location, Source = request.Source };
    }

    protected override Instruction ExpandCore(Expander expander)
    {
        var ports = Ports.SelectMany(expander.Words).ToList();
        foreach (var port in ports)
            ExposedPort.Parse(port);
        return this with { Ports = ports };
    }

    /// <summary>The ports, parsed; call on the expanded instruction.</summary>
    public IReadOnlyList<ExposedPort> ExposedPorts() => Ports.Select(ExposedPort.Parse).ToList();
}

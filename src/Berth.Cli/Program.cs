// The berth executable: one program for the whole flow. Commands only wire components together.
using System.CommandLine;
using Berth.Cli;

var root = new RootCommand("Berth: build, push, schedule and run containers, in one program.");
root.Options.Add(CommonOptions.DataDir);
root.Options.Add(CommonOptions.RunDir);
root.Options.Add(TransferCommands.InsecureRegistries);
root.Options.Add(Host.Bridge);
root.Options.Add(Host.PodCidr);
root.Subcommands.Add(RegistryCommand.Create());
root.Subcommands.Add(ServerCommand.Create());
foreach (var command in ImageCommands.Create().Concat(TransferCommands.Create()).Concat(ContainerCommands.Create()).Append(InspectCommand.Create()))
    root.Subcommands.Add(command);
var parse = root.Parse(CommandTail.Separate(root, args, "run", "exec"));
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OperationCanceledException)
{
    // Users get the message, which says what is wrong and what to do; the stack trace helps only us.
    Console.Error.WriteLine($"berth: {e.Message}");
    if (Environment.GetEnvironmentVariable("BERTH_DEBUG") is not null) Console.Error.WriteLine(e);
    return 125;
}

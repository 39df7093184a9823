// The berth executable: one program for the whole flow. Commands only wire components together.
using System.CommandLine;
using Berth.Cli;

var root = new RootCommand("Berth: build, push, schedule and run containers, in one program.");
root.Options.Add(CommonOptions.DataDir);
root.Options.Add(CommonOptions.RunDir);
root.Subcommands.Add(RegistryCommand.Create());
foreach (var command in ImageCommands.Create().Concat(ContainerCommands.Create())) root.Subcommands.Add(command);
return await root.Parse(CommandTail.Separate(root, args, "run")).InvokeAsync();

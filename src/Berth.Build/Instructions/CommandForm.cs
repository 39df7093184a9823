// The two ways RUN, CMD, ENTRYPOINT and HEALTHCHECK take a command: shell form runs the text through SHELL
// (["/bin/sh", "-c"] by default), exec form (a JSON array) runs the program directly.
namespace Berth.Build;

public enum CommandForm { Shell, Exec }

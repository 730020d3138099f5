import SightlineCLI

SightlineCommand.runMain()

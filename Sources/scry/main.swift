import ScryShell

ScryCommand.main()

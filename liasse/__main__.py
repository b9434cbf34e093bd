from liasse.cli import main

main()

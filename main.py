from reader.app import main

main()

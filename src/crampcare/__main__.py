from crampcare.cli.main import run

run()

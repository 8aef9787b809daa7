"""Counts outcomes in every TRX file under a folder and prints the CI line 'N passed, N failed, N skipped'."""
import glob
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
passed = failed = skipped = 0
# dotnet test failed without a failing test result (a project did not build, a test host crashed): count it as one
# failure so the closing line never reads "0 failed" for a red run.
if len(sys.argv) > 2 and sys.argv[2] == "--runner-failed":
    failed += 1
    print("FAILED: dotnet test exited non-zero (build error or crashed test host; see the log above)", file=sys.stderr)
for path in files:
    for result in ET.parse(path).getroot().iterfind(".//t:Results/t:UnitTestResult", ns):
        outcome = result.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("Failed", "Error", "Timeout", "Aborted"):
            failed += 1
            print(f"FAILED: {result.get('testName')}", file=sys.stderr)
        else:
            skipped += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not files or passed + failed + skipped == 0 else 0)

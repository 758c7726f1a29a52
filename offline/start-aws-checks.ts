/**
 * Imported first by the command-line tools, for its side effect: AWS's
 * validator starts building in its own process (about a second of CPU)
 * before the tool loads Pulumi and runs the program, so both proceed side
 * by side.
 */
import { prepareAwsChecks } from "./aws-checks";

prepareAwsChecks();

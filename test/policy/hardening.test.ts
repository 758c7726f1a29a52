/** The hardening policies (cdk-nag's and checkov's checks of the program's resource types): cases for each. */
import * as hardening from "../../policy/src/hardening";
import { describeCases } from "./cases";

describe("policy/src/hardening", () => {
    describeCases(hardening);
});

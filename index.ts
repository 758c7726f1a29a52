/**
 * shoestring: a small container web app on AWS, in the architecture profile
 * the stack config picks (`shoestring:profile`: homework or cheap).
 *
 * The settings are read and checked before any resource is registered; the
 * returned object is the stack's outputs.
 */
import { loadSettings } from "./config";
import { deploy } from "./profiles";

export = async () => deploy(loadSettings());

export { encodeScenario, encodeScenarioText, parseScenario, StackBuilder, type EncodeScenarioOptions } from './encode.js';
export { ScenarioError, formatPath, formatProblems, formatZodError, zodProblems, type ScenarioProblem } from './errors.js';
export {
  ScenarioSchema,
  EventSchema,
  FrameSchema,
  StackSchema,
  ThreadSchema,
  scenarioJsonSchema,
  type Scenario,
  type ScenarioEvent,
  type ScenarioFrame,
} from './schema.js';

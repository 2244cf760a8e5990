/** The engine's order of IDs (REQ-2 before REQ-10), for views that sort what the server sent. */
export { compareIds } from '../core/model/compareIds';

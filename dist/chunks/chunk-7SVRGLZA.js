import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="ff2bc1a149a9eaca";export{_ as a,e as b};

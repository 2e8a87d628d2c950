import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="1aa1d08071c54c71";export{_ as a,e as b};

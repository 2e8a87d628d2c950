import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="18a4d729f3200100";export{_ as a,e as b};

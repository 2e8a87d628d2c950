import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-7RZR4OVI.js";import"./chunk-RH6SPFO6.js";import"./chunk-O5DVVPDB.js";export{b as COMMENT_MAX_LENGTH,a as COMMENT_MODES,c as commentMarker,g as explainCommentError,d as ownComments,e as tokenLogin,f as upsertStickyComment};

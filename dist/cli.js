#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as I,b as M,e as y,g as P,h as U,i as j,j as $,l as R,m as G,n as Y,o as D,p as V,q as H,s as B}from"./chunks/chunk-LK4TV5YU.js";import"./chunks/chunk-Q55MHN4P.js";import"./chunks/chunk-FLJ6VSLH.js";import{a as L}from"./chunks/chunk-HNUUDJIO.js";import"./chunks/chunk-SPELYATQ.js";import"./chunks/chunk-XCWQ4KJ6.js";import{a as v}from"./chunks/chunk-WADOYV35.js";import{b as J}from"./chunks/chunk-QE4PMDCG.js";import"./chunks/chunk-JCDPND7K.js";import"./chunks/chunk-HJZYVOA3.js";import{a as W,e as q}from"./chunks/chunk-4W7GZ6XQ.js";import"./chunks/chunk-LEMBSBXT.js";import{a as w,c as F}from"./chunks/chunk-KQ5PHHRF.js";import{a as s}from"./chunks/chunk-6ZGVWTIR.js";import{parseArgs as C}from"node:util";function b(e,n){if(e===void 0||e==="")throw new w(`${n} is required`,{},"see --help");return e}s(b,"required");function x(e,n,r){if(!n.includes(e))throw new w(`${r} must be one of ${n.join(", ")}, not "${e}"`);return e}s(x,"oneOf");function O(e,n){let r=J(e);if(r===void 0)throw new w(`${n} "${e}" is not an ISO-8601 date-time with an offset`,{},"e.g. 2026-11-22T00:00:00Z");return r}s(O,"isoOption");import{writeFile as X}from"node:fs/promises";import{parseArgs as ue}from"node:util";var oe={bold:1,dim:2,red:31,green:32,yellow:33,cyan:36},se={critical:["bold","red"],high:["red"],medium:["yellow"],low:["dim"]},ae=/(?<!`)(`+)(?!`)([\s\S]*?[^`]|)\1(?!`)/g,le=s(e=>e.length>1&&e.startsWith(" ")&&e.endsWith(" ")&&e.trim()!==""?e.slice(1,-1):e,"unpad");function _(e,n={}){let r=s((i,...m)=>n.color&&m.length>0?`\x1B[${m.map(E=>oe[E]).join(";")}m${i}\x1B[0m`:i,"paint"),t=s(i=>y(i).replace(ae,(m,E,k)=>r(le(k),"cyan")),"prose"),l=e.summary,d=[],o=e.passed?r("PASSED","bold","green"):r("FAILED","bold","red"),a=[e.account.label,e.account.id].filter(Boolean).map(i=>y(i));d.push(`${o}  ${l.failing} failing of ${l.findings} findings (fail_on ${e.policy.failOn}) \xB7 ${l.users} users${a.length>0?` \xB7 account ${a.join(" ")}`:""}`);let f=s(i=>L.filter(m=>i[m]>0).map(m=>`${i[m]} ${m}`).join(", ")||"none","bySeverity");d.push(`        failing: ${f(l.failingBySeverity)} \xB7 exempted: ${l.exempted} \xB7 report generated ${e.reportGeneratedAt??"unknown"} \xB7 policy ${y(e.policy.file)}`);for(let i of e.policyWarnings??[])d.push(`${r("warning","yellow")}: the policy weakens the gate: ${t(i.message)}`);let h=e.findings.filter(i=>i.failing),c=e.findings.filter(i=>!i.failing&&!i.exempted),g=e.findings.filter(i=>i.exempted),p=de(e.findings),S=s(i=>{let m=i.severity.padEnd(p.severity);return`  ${r(m,...se[i.severity])}  ${y(i.rule).padEnd(p.rule)}  ${r(K(i).padEnd(p.user),"bold")}  ${ce(i)}`},"row"),A=" ".repeat(2+p.severity+2),T=s(()=>r(`  ${"SEVERITY".padEnd(p.severity)}  ${"RULE".padEnd(p.rule)}  ${"USER".padEnd(p.user)}  WHERE`,"dim"),"header"),u=s((i,m,E)=>{if(m.length!==0){d.push("",r(`${i} (${m.length})`,"bold"),T());for(let k of m){d.push(S(k));for(let ie of E(k))d.push(`${A}${ie}`)}}},"section");if(u("Failing findings",h,i=>[t(i.message),`${r("fix:","bold")} ${t(i.remediation)}`]),u("Below fail_on",c,i=>[t(i.message)]),u("Exempted",g,i=>[t(i.message),`${r("exempted:","dim")} ${t(i.exemption?.reason??"")} (until ${i.exemption?.expires??"?"})`]),e.warnings.length>0){d.push("",r(`Warnings (${e.warnings.length})`,"bold"));for(let i of e.warnings)d.push(`  - ${t(i)}`)}return e.findings.length===0&&d.push("","No findings."),`${d.join(`
`)}
`}s(_,"renderText");var z=s((e,n={})=>_({...e,findings:[],warnings:[],policyWarnings:[]},n).split(`
`)[0]+`
`,"textVerdict"),K=s(e=>e.user===null?"(report)":y(e.user),"userOf");function ce(e){let n=e.terraform.find(r=>r.file!==null);return n?y(`${n.file}${n.line!==null?`:${n.line}`:""}`):"\u2014"}s(ce,"whereOf");function de(e){let n=4,r=4;for(let t of e)n=Math.max(n,t.rule.length),r=Math.max(r,Math.min(32,K(t).length));return{severity:8,rule:n,user:r}}s(de,"columnWidths");var pe=["text",...R];async function Z(e,n,r){let{values:t}=ue({args:[...e],strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},"report-generated-at":{type:"string"},now:{type:"string"},format:{type:"string"},output:{type:"string"},"json-file":{type:"string"},"sarif-file":{type:"string"},"markdown-file":{type:"string"},"sarif-include-exempted":{type:"boolean",default:!1},quiet:{type:"boolean",short:"q",default:!1},"fail-on":{type:"string"},"account-label":{type:"string"},"account-id":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"},"cache-dir":{type:"string"},"base-policy":{type:"string"}}}),l=x(t.format??(n.isTTY&&t.output===void 0?"text":"markdown"),pe,"--format"),d=t.output!==void 0&&(l==="json"||l==="sarif");r({json:[t["json-file"],d&&l==="json"?t.output:void 0].filter(u=>u!==void 0),sarif:[t["sarif-file"],d&&l==="sarif"?t.output:void 0].filter(u=>u!==void 0),id:t["account-id"]??null,label:t["account-label"]??null});let o=b(t.report,"--report"),a=b(t.policy,"--policy"),f=t["fail-on"]===void 0?void 0:x(t["fail-on"],I,"--fail-on"),h=t.now===void 0?n.clock():O(t.now,"--now"),c=await H({reportFile:o,policyFile:a,reportGeneratedAt:t["report-generated-at"]===void 0?void 0:O(t["report-generated-at"],"--report-generated-at"),now:h,failOn:f,accountLabel:t["account-label"],accountId:t["account-id"],terraformDirs:t["terraform-dir"],terraformState:t["terraform-state"],terraformCacheDir:t["cache-dir"],failOnSource:"--fail-on",...t["base-policy"]!==void 0&&{basePolicy:{text:(await W(t["base-policy"],"base policy file",q)).toString("utf8"),label:t["base-policy"]}}}),g=t.quiet;if(!g&&!(l==="text"&&t.output===void 0))for(let u of c.policyWarnings??[])n.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${u.message}
`);let p={includeExempted:t["sarif-include-exempted"],uriOf:P(n.root??process.cwd(),process.cwd())},S=s(u=>u==="text"?[_(c,{color:n.color&&t.output===void 0})]:G(c,u,{},p),"chunks"),A=`${c.passed?"passed":"FAILED"}: ${c.summary.failing} failing of ${c.summary.findings} findings (fail_on ${c.policy.failOn})`,T=[[t.output,l],[t["json-file"],"json"],[t["sarif-file"],"sarif"],[t["markdown-file"],"markdown"]];for(let[u,i]of T)u!==void 0&&(await $(S(i),u),g||n.stderr(`iam-credential-gate: ${A}; ${i} written to ${u}
`));if(g)n.stdout(z(c,{color:n.color}));else if(t.output===void 0)for(let u of j(S(l)))n.stdout(u);return c.passed?0:1}s(Z,"checkCommand");async function Q(e,n,r,t=process.cwd()){let l={id:r.id,label:r.label},d=F(n)?n.place:{},o=s(()=>U(e,v,r.id,d,P(t,process.cwd())),"sarif");await Promise.all([...r.json.map(a=>X(a,D(e,l,v)).catch(()=>{})),...r.sarif.map(a=>X(a,o()).catch(()=>{}))])}s(Q,"writeErrorFiles");var ee={check:`Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

Evaluates a credential report against a policy. Exit 0 passed, 1 the gate failed, 2 input error.

Inputs:
  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir <dir>         a directory to scan for the users' Terraform (repeatable)
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --report-generated-at <time>  when AWS generated the report (default: the JSON's GeneratedTime,
                                else <report>.meta.json, else unknown)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --account-label <label>       a label for the account in every output
  --account-id <12 digits>      the account the report must be of
  --base-policy <file>          list what the policy changes since this one
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)

Outputs:
  --format text|markdown|json|sarif
                                what goes to stdout (or --output): default text on a terminal,
                                markdown otherwise
  --output <file>               write that format to a file instead of stdout
  --json-file <file>            also write the JSON report (an error report on input errors)
  --sarif-file <file>           also write SARIF 2.1.0 (an unsuccessful-analysis log on input errors)
  --markdown-file <file>        also write the Markdown summary
  --sarif-include-exempted      exempted findings as suppressed SARIF results (default: left out)
  --quiet, -q                   print only the verdict line (and errors); files are still written
  --help, -h                    this help

Text is coloured only on a terminal, and never when NO_COLOR is set.`,merge:`Usage: iam-credential-gate merge <report.json>... [options]

Merges per-account JSON reports into one verdict. Exit 0 passed, 1 an account failed, is stale,
errored or missing, 2 input error.

  --expect-accounts <file>      the accounts that must have a report (one id per line, # comments,
                                or the JSON list-accounts prints)
  --fail-on <severity>          critical|high|medium|low|never (default high)
  --max-report-age-hours <n>    a report evaluated longer ago makes its account stale (default 48)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --format markdown|json|sarif  (default markdown)
  --output <file>               write to a file instead of stdout
  --help, -h                    this help`,"list-accounts":`Usage: iam-credential-gate list-accounts [options]

Lists the accounts of the AWS Organization (ListAccounts; needs the management account or a
delegated administrator) as JSON, for --expect-accounts and matrix jobs.

  --output <file>               write to a file instead of stdout
  --include-inactive            also accounts that are suspended or being closed
  --help, -h                    this help`,fetch:`Usage: iam-credential-gate fetch --output <csv> [options]

Generates and downloads the credential report with the AWS SDK's default credentials, and
records its generation time in <csv>.meta.json.

  --output <csv>                where to write the report (required)
  --max-wait-seconds <n>        bound on the whole fetch, retries included (default 120)
  --help, -h                    this help`,"validate-policy":`Usage: iam-credential-gate validate-policy <file>

Checks a policy file and says what it weakens. Exit 0 valid, 2 invalid (every error listed).

  --help, -h                    this help`,presets:`Usage: iam-credential-gate presets

Lists the baselines a policy can extend (extends: <name>).

  --help, -h                    this help`};function te(e,n){if(e===void 0||!Object.hasOwn(ee,e))return;let r=n.indexOf("--"),t=r===-1?n:n.slice(0,r);return t.includes("--help")||t.includes("-h")?ee[e]:void 0}s(te,"helpRequested");var ne=`Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir <dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format text|markdown|json|sarif] [--output <file>]
                            [--json-file <file>] [--sarif-file <file>] [--markdown-file <file>]
                            [--sarif-include-exempted] [--quiet]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
                            [--cache-dir <dir>]   (parsed Terraform kept across runs)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive]
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version
  iam-credential-gate <command> --help       (the options of one command)

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,N={closed:!1},fe={stdout:s(e=>{N.closed||process.stdout.write(e)},"stdout"),stderr:s(e=>process.stderr.write(B(e)),"stderr"),clock:s(()=>Date.now(),"clock"),isTTY:process.stdout.isTTY===!0,color:process.stdout.isTTY===!0&&!process.env.NO_COLOR,root:process.env.GITHUB_WORKSPACE||void 0};async function re(e,n=fe){let[r,...t]=e,l,d=te(r,t);if(d!==void 0)return n.stdout(`${d}
`),0;try{switch(r){case"check":return await Z(t,n,o=>l=o);case"fetch":{let{values:o}=C({args:t,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),a=b(o.output,"--output"),f=Number(o["max-wait-seconds"]);if(!Number.isFinite(f)||f<=0)throw new w(`--max-wait-seconds must be a positive number, not "${o["max-wait-seconds"]}"`);let{fetchReportToFile:h}=await import("./chunks/fetch-TTD4RN4M.js"),c=await h({output:a,maxWaitMs:f*1e3,log:s(g=>n.stderr(`iam-credential-gate: ${g}
`),"log"),clock:n.clock});return n.stderr(`iam-credential-gate: credential report generated ${c.generatedAt.toISOString()} written to ${a} (${c.content.length} bytes, ${c.calls} API calls); generation time in ${a}.meta.json
`),0}case"merge":{let{values:o,positionals:a}=C({args:t,strict:!0,allowPositionals:!0,options:{format:{type:"string",default:"markdown"},output:{type:"string"},"expect-accounts":{type:"string"},"fail-on":{type:"string"},"max-report-age-hours":{type:"string"},now:{type:"string"}}}),f=x(o.format,R,"--format"),{runMerge:h}=await import("./chunks/merge-55BKMGWH.js"),{parseMaxReportAge:c}=await import("./chunks/merge-RRXITKBI.js"),g=await h(a,{now:o.now===void 0?n.clock():O(o.now,"--now"),expectAccountsFile:o["expect-accounts"],failOn:o["fail-on"]===void 0?void 0:x(o["fail-on"],I,"--fail-on"),maxReportAgeHours:c(o["max-report-age-hours"],"--max-report-age-hours"),keep:f==="markdown"?"failing":"all"}),p=g.summary;return await me(Y(g,f),o.output,`merge ${g.passed?"passed":"FAILED"}: ${p.accounts} accounts (${p.passed} passed, ${p.failed} failed, ${p.stale} stale, ${p.errored} errored, ${p.missing} missing; fail_on ${g.failOn}); ${f}`,n),g.passed?0:1}case"list-accounts":{let{values:o}=C({args:t,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"include-inactive":{type:"boolean",default:!1}}}),{listOrganizationAccounts:a,createOrganizationsClient:f}=await import("./chunks/organizations-JKQBEF7L.js"),h=await a(f(),{includeInactive:o["include-inactive"]}),c=`${JSON.stringify(h,null,2)}
`;return o.output?await $([c],o.output):n.stdout(c),n.stderr(`iam-credential-gate: ${h.length} account(s)
`),0}case"presets":{if(t.length>0)throw new w("presets takes no arguments");let{renderPresetList:o}=await import("./chunks/presets-doc-TLC6BRPA.js");return n.stdout(o()),0}case"validate-policy":{let{positionals:o}=C({args:t,strict:!0,allowPositionals:!0,options:{}});if(o.length!==1)throw new w("validate-policy takes exactly one policy file");let a=await V(o[0],n.clock());n.stdout(`${a.file}: valid (${a.presets.length>0?`extends ${a.presets.join(", ")}; `:""}fail_on ${a.failOn}; ${Object.keys(a.rules).length} rule override(s), ${a.serviceUsers.users.length+a.serviceUsers.paths.length} service-user pattern(s), ${a.exemptions.length} exemption(s))
`);for(let f of M(a))n.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${f.message}
`);return 0}case"--version":case"-v":return n.stdout(`${v}
`),0;case"--help":case"-h":case"help":return n.stdout(`${ne}
`),0;default:throw new w(r===void 0?"no command given":`unknown command "${r}"`,{},"see --help")}}catch(o){let a=F(o)?o.describe():o.code?.startsWith("ERR_PARSE_ARGS")?`${o.message}

${ne}`:`unexpected error: ${o.stack??String(o)}`;return n.stderr(`iam-credential-gate: ${a}
`),l&&await Q(a,o,l,n.root),2}}s(re,"runCli");async function me(e,n,r,t){if(n===void 0){for(let l of j(e))t.stdout(l);return}await $(e,n),t.stderr(`iam-credential-gate: ${r} written to ${n}
`)}s(me,"emit");process.stdout.on("error",e=>{if(e.code!=="EPIPE")throw e;N.closed=!0});process.exitCode=await re(process.argv.slice(2));

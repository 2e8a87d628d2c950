#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as T,b as W,c as Y,d as q,e as G,f as A,g as j}from"./chunks/chunk-WS4ALK5Q.js";import{b as z,c as X,d as Q,e as Z,g as ee,h as C}from"./chunks/chunk-2R33PVTL.js";import{a as M,c as L,d as J}from"./chunks/chunk-Q6YHSTWL.js";import"./chunks/chunk-BBYJUG25.js";import{a as V,b as B,c as K}from"./chunks/chunk-6OZ57X27.js";import"./chunks/chunk-N7DUJNLQ.js";import{b as H,d as S}from"./chunks/chunk-HBYCHZQQ.js";import"./chunks/chunk-FGGKTH5G.js";import"./chunks/chunk-2FCAS263.js";import{b as y,d as N,g as D}from"./chunks/chunk-D4WV3ZAI.js";import"./chunks/chunk-DQOHT6OT.js";import"./chunks/chunk-M34QEA2L.js";import{a as U}from"./chunks/chunk-TY3EV3F4.js";import"./chunks/chunk-T3TFZHUI.js";import"./chunks/chunk-TUZEUXRH.js";import"./chunks/chunk-Z2BTFLDM.js";import"./chunks/chunk-IK5BP5PH.js";import"./chunks/chunk-MEZ2GWU7.js";import{a as O,e as I}from"./chunks/chunk-VPTGT5KM.js";import{a as $}from"./chunks/chunk-WADOYV35.js";import"./chunks/chunk-FI2IAAN5.js";import{a as p,c as v}from"./chunks/chunk-EU2TTL73.js";import"./chunks/chunk-O5DVVPDB.js";import{parseArgs as R}from"node:util";import{writeFile as se}from"node:fs/promises";import{parseArgs as Oe}from"node:util";var ge={bold:1,dim:2,red:31,green:32,yellow:33,cyan:36},we={critical:["bold","red"],high:["red"],medium:["yellow"],low:["dim"]},ye=/(?<!`)(`+)(?!`)([\s\S]*?[^`]|)\1(?!`)/g,be=e=>e.length>1&&e.startsWith(" ")&&e.endsWith(" ")&&e.trim()!==""?e.slice(1,-1):e;function _(e,t={}){let i=(o,...u)=>t.color&&u.length>0?`\x1B[${u.map(k=>ge[k]).join(";")}m${o}\x1B[0m`:o,n=o=>y(o).replace(ye,(u,k,E)=>i(be(E),"cyan")),a=e.summary,c=[],r=e.passed?i("PASSED","bold","green"):i("FAILED","bold","red"),s=[e.account.label,e.account.id].filter(Boolean).map(o=>y(o));c.push(`${r}  ${a.failing} failing of ${a.findings} findings (fail_on ${e.policy.failOn}) \xB7 ${a.users} users${s.length>0?` \xB7 account ${s.join(" ")}`:""}`);let d=o=>U.filter(u=>o[u]>0).map(u=>`${o[u]} ${u}`).join(", ")||"none";c.push(`        failing: ${d(a.failingBySeverity)} \xB7 exempted: ${a.exempted} \xB7 report generated ${e.reportGeneratedAt??"unknown"} \xB7 policy ${y(e.policy.file)}`);for(let o of e.policyWarnings??[])c.push(`${i("warning","yellow")}: the policy weakens the gate: ${n(o.message)}`);let m=e.findings.filter(o=>o.failing),f=e.findings.filter(o=>!o.failing&&!o.exempted),h=e.findings.filter(o=>o.exempted),l=$e(e.findings),g=o=>{let u=o.severity.padEnd(l.severity);return`  ${i(u,...we[o.severity])}  ${y(o.rule).padEnd(l.rule)}  ${i(ne(o).padEnd(l.user),"bold")}  ${xe(o)}`},b=" ".repeat(2+l.severity+2),w=()=>i(`  ${"SEVERITY".padEnd(l.severity)}  ${"RULE".padEnd(l.rule)}  ${"USER".padEnd(l.user)}  WHERE`,"dim"),x=(o,u,k)=>{if(u.length!==0){c.push("",i(`${o} (${u.length})`,"bold"),w());for(let E of u){c.push(g(E));for(let he of k(E))c.push(`${b}${he}`)}}};if(x("Failing findings",m,o=>[n(o.message),`${i("fix:","bold")} ${n(o.remediation)}`]),x("Below fail_on",f,o=>[n(o.message)]),x("Exempted",h,o=>[n(o.message),`${i("exempted:","dim")} ${n(o.exemption?.reason??"")} (until ${o.exemption?.expires??"?"})`]),e.warnings.length>0){c.push("",i(`Warnings (${e.warnings.length})`,"bold"));for(let o of e.warnings)c.push(`  - ${n(o)}`)}return e.findings.length===0&&c.push("","No findings."),`${c.join(`
`)}
`}var te=(e,t={})=>_({...e,findings:[],warnings:[],policyWarnings:[]},t).split(`
`)[0]+`
`,ne=e=>e.user===null?"(report)":y(e.user);function xe(e){let t=e.terraform.find(i=>i.file!==null);return t?y(`${t.file}${t.line!==null?`:${t.line}`:""}`):"\u2014"}function $e(e){let t=4,i=4;for(let n of e)t=Math.max(t,n.rule.length),i=Math.max(i,Math.min(32,ne(n).length));return{severity:8,rule:t,user:i}}var ie={accounts:{type:"string"},"role-arn-template":{type:"string"},"role-session-name":{type:"string",default:"iam-credential-gate"},"output-dir":{type:"string"},"account-concurrency":{type:"string"},"account-timeout-seconds":{type:"string"}};async function re(e,t,i){for(let w of["report","output","account-id","account-label","report-generated-at","format","json-file","sarif-file","markdown-file"])if(e[w]!==void 0)throw new p(`--${w} cannot be given with --accounts`,{},"with --accounts, every account has its report fetched through its role, written to --output-dir as <account id>.json, labelled with the names the account list holds; merge them for Markdown or SARIF");if(e["sarif-include-exempted"]===!0)throw new p("--sarif-include-exempted cannot be given with --accounts",{},"with --accounts, every account has a JSON report in --output-dir; merge them with --format sarif");let[n,a]=await Promise.all([import("./chunks/assume-role-KLR2TEOC.js"),import("./chunks/check-accounts-3C3DBIHW.js")]),c=F(e["role-arn-template"],"--role-arn-template");n.checkRoleArnTemplate(c,"--role-arn-template");let r=e["role-session-name"]??"iam-credential-gate";n.checkSessionName(r,"--role-session-name");let s=F(e["output-dir"],"--output-dir"),d=e["account-concurrency"]===void 0?a.DEFAULT_ACCOUNT_CONCURRENCY:C(e["account-concurrency"],"--account-concurrency",a.MAX_ACCOUNT_CONCURRENCY),m=e["account-timeout-seconds"]===void 0?a.DEFAULT_ACCOUNT_TIMEOUT_MS:C(e["account-timeout-seconds"],"--account-timeout-seconds",3600)*1e3,f=await Z(F(e.accounts,"--accounts"),"--accounts"),h=e["base-policy"],l=h===void 0?void 0:{text:(await O(h,"base policy file",I)).toString("utf8"),label:h},g=await a.checkAccounts({accounts:f,roleArnTemplate:c,roleSessionName:r,outputDir:s,policyFile:t.policy,now:t.now,failOn:t.failOn,failOnSource:"--fail-on",terraformDirs:e["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:e["terraform-state"],terraformCacheDir:e["cache-dir"],basePolicy:l,concurrency:d,accountTimeoutMs:m,log:e.quiet===!0?()=>{}:w=>i.stderr(`iam-credential-gate: ${w}
`),clock:i.clock}),b=w=>g.filter(x=>x.status===w).length;return i.stderr(`iam-credential-gate: ${g.length} account(s): ${b("passed")} passed, ${b("failed")} failed, ${b("errored")} errored; reports in ${s}
`),a.exitCodeOf(g)}var oe={from:{type:"string"},batches:{type:"string"},"batch-size":{type:"string"}};async function ae(e,t){if(e.batches!==void 0&&e["batch-size"]!==void 0)throw new p("give --batches or --batch-size, not both");let i;if(e.from!==void 0){if(e["include-inactive"])throw new p("--include-inactive is for Organizations, not for --from");let d=(await O(e.from,"account list",16*1024*1024)).toString("utf8");i=Q(d,e.from)}else{let{listOrganizationAccounts:d,createOrganizationsClient:m}=await import("./chunks/organizations-LW542Y7F.js"),f=m();try{i=await d(f,{includeInactive:e["include-inactive"]??!1})}finally{f.destroy()}}let n=`${JSON.stringify(i,null,2)}
`,a=e.batches!==void 0?{batches:C(e.batches,"--batches",X)}:e["batch-size"]!==void 0?{batchSize:C(e["batch-size"],"--batch-size",1e5)}:void 0;if(a===void 0)return e.output?await S([n],e.output):t.stdout(n),t.stderr(`iam-credential-gate: ${i.length} account(s)
`),0;let c=[],r=ee(i,a,c);e.output&&await S([n],e.output),t.stdout(`${JSON.stringify(r)}
`);for(let d of c)t.stderr(`iam-credential-gate: ${d}
`);let s=r.include.map(d=>d.accounts.length);return t.stderr(`iam-credential-gate: ${i.length} account(s) in ${s.length} batch(es) of ${Math.min(...s)}${Math.max(...s)>Math.min(...s)?`-${Math.max(...s)}`:""}
`),0}function F(e,t){if(e===void 0||e==="")throw new p(`${t} is required with --accounts`,{},"see --help");return e}var Se=["text",...V];async function ce(e,t,i){let{values:n}=Oe({args:[...e],strict:!0,allowPositionals:!1,options:{...A,"report-generated-at":{type:"string"},format:{type:"string"},output:{type:"string"},"json-file":{type:"string"},"sarif-file":{type:"string"},"markdown-file":{type:"string"},"sarif-include-exempted":{type:"boolean",default:!1},quiet:{type:"boolean",short:"q",default:!1},"account-label":{type:"string"},"account-id":{type:"string"},"base-policy":{type:"string"},...ie}});if(n.accounts!==void 0)return await re(n,{policy:T(n.policy,"--policy"),now:q(n.now,t.clock),failOn:G(n["fail-on"])},t);let a=W(n.format??(t.isTTY&&n.output===void 0?"text":"markdown"),Se,"--format"),c=n.output!==void 0&&(a==="json"||a==="sarif");i({json:[n["json-file"],c&&a==="json"?n.output:void 0].filter(l=>l!==void 0),sarif:[n["sarif-file"],c&&a==="sarif"?n.output:void 0].filter(l=>l!==void 0),id:n["account-id"]??null,label:n["account-label"]??null});let r=await J({...j(n,t.clock),reportGeneratedAt:n["report-generated-at"]===void 0?void 0:Y(n["report-generated-at"],"--report-generated-at"),accountLabel:n["account-label"],accountId:n["account-id"],...n["base-policy"]!==void 0&&{basePolicy:{text:(await O(n["base-policy"],"base policy file",I)).toString("utf8"),label:n["base-policy"]}}}),s=n.quiet;if(!s&&!(a==="text"&&n.output===void 0))for(let l of r.policyWarnings??[])t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${l.message}
`);let d={includeExempted:n["sarif-include-exempted"],uriOf:N(t.root??process.cwd(),process.cwd())},m=l=>l==="text"?[_(r,{color:t.color&&n.output===void 0})]:B(r,l,{},d),f=`${r.passed?"passed":"FAILED"}: ${r.summary.failing} failing of ${r.summary.findings} findings (fail_on ${r.policy.failOn})`,h=[[n.output,a],[n["json-file"],"json"],[n["sarif-file"],"sarif"],[n["markdown-file"],"markdown"]];for(let[l,g]of h)l!==void 0&&(await S(m(g),l),s||t.stderr(`iam-credential-gate: ${f}; ${g} written to ${l}
`));if(s)t.stdout(te(r,{color:t.color}));else if(n.output===void 0)for(let l of H(m(a)))t.stdout(l);return r.passed?0:1}async function le(e,t,i,n=process.cwd()){let a={id:i.id,label:i.label},c=v(t)?t.place:{},r=()=>D(e,$,i.id,c,N(n,process.cwd()));await Promise.all([...i.json.map(s=>se(s,K(e,a,$)).catch(()=>{})),...i.sarif.map(s=>se(s,r()).catch(()=>{}))])}import{writeFile as Ce}from"node:fs/promises";import{parseArgs as ke}from"node:util";async function de(e,t){let{values:i}=ke({args:[...e],strict:!0,allowPositionals:!1,options:{...A,rule:{type:"string",multiple:!0},user:{type:"string",multiple:!0},write:{type:"boolean",default:!1},output:{type:"string"}}}),{runFix:n}=await import("./chunks/fix-DBOB3RDP.js"),a=await n({...j(i,t.clock),rules:i.rule,users:i.user,write:i.write});for(let r of a.manual)t.stderr(`iam-credential-gate: manual: ${r.user} (${r.rule}): ${r.reason}${r.file!==null?` \u2014 ${r.file}${r.line!==null?`:${r.line}`:""}`:""}
`);let c=`fix: ${a.fixed.length} verified, ${a.manual.length} manual; ${a.files.length} files ${i.write?"written":"in the patch"}`;return i.output!==void 0?(await Ce(i.output,a.patch),t.stderr(`iam-credential-gate: ${c}; patch written to ${i.output}
`)):(i.write||t.stdout(a.patch),t.stderr(`iam-credential-gate: ${c}
`)),a.manual.length>0?1:0}var ue={check:`Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

Evaluates a credential report against a policy. Exit 0 passed, 1 the gate failed, 2 input error.

Inputs:
  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan for the users' Terraform (repeatable); 123456789012=dir
                                binds it to that account
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --report-generated-at <time>  when AWS generated the report (default: the JSON's GeneratedTime,
                                else <report>.meta.json, else unknown)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --account-label <label>       a label for the account in every output
  --account-id <12 digits>      the account the report must be of
  --base-policy <file>          list what the policy changes since this one
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)

Several accounts in one job (each report fetched through a role; one JSON report per account):
  --accounts <ids|file>         account ids (comma-separated), or a file of them / list-accounts JSON
  --role-arn-template <arn>     the role to assume in each, e.g. arn:aws:iam::{account}:role/gate
  --role-session-name <name>    (default iam-credential-gate)
  --output-dir <dir>            where <account id>.json goes (an error report for an account that fails)
  --account-concurrency <n>     accounts checked at once (default 8, at most 64)
  --account-timeout-seconds <n> bound on each account, role and fetch (default 300)

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

Text is coloured only on a terminal, and never when NO_COLOR is set.`,fix:`Usage: iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>... [options]

Prints the verified edit plans of the failing findings as one unified diff (paths relative to the
working directory, for git apply), or applies them with --write. Exit 0 every selected finding had
a verified plan (an empty diff when there is nothing to fix), 1 some are manual (listed on stderr
with file:line and why; the diff holds the verified ones), 2 input error.

  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan (repeatable; 123456789012=dir binds it to that account)
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --rule <id>                   the rules whose findings to fix (repeatable; default unused-user)
  --user <glob>                 only these users (repeatable)
  --write                       apply the edits in place (plans that fit only after others are
                                planned again on the result, a round at a time)
  --output <file>               write the patch to a file instead of stdout
  --help, -h                    this help`,merge:`Usage: iam-credential-gate merge <report.json>... [options]

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
  --batches <n>                 print a GitHub matrix of n batches (at most 256 jobs)
  --batch-size <k>              or: batches of k accounts (raised if it needs more than 256 jobs)
  --from <file>                 batch this list of accounts instead of asking Organizations
  --help, -h                    this help`,fetch:`Usage: iam-credential-gate fetch --output <csv> [options]

Generates and downloads the credential report with the AWS SDK's default credentials, and
records its generation time in <csv>.meta.json.

  --output <csv>                where to write the report (required)
  --max-wait-seconds <n>        bound on the whole fetch, retries included (default 120)
  --help, -h                    this help`,"validate-policy":`Usage: iam-credential-gate validate-policy <file>

Checks a policy file and says what it weakens. Exit 0 valid, 2 invalid (every error listed).

  --help, -h                    this help`,presets:`Usage: iam-credential-gate presets

Lists the baselines a policy can extend (extends: <name>).

  --help, -h                    this help`};function fe(e,t){if(e===void 0||!Object.hasOwn(ue,e))return;let i=t.indexOf("--"),n=i===-1?t:t.slice(0,i);return n.includes("--help")||n.includes("-h")?ue[e]:void 0}var pe=`Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir [<account id>=]<dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format text|markdown|json|sarif] [--output <file>]
                            [--json-file <file>] [--sarif-file <file>] [--markdown-file <file>]
                            [--sarif-include-exempted] [--quiet]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
                            [--cache-dir <dir>]   (parsed Terraform kept across runs)
  iam-credential-gate check --accounts <ids|file|JSON> --policy <file> --output-dir <dir>
                            --role-arn-template arn:aws:iam::{account}:role/<name>
                            [--role-session-name <name>] [--account-concurrency <n>] (default 8)
                            [--account-timeout-seconds <n>] (default 300) [--terraform-dir ...]
                            (one <account id>.json per account; exit code the worst account's)
  iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>...
                            [--terraform-state <json>] [--now <ISO-8601>] [--fail-on <severity>]
                            [--rule <id>]... (default unused-user) [--user <glob>]... [--cache-dir <dir>]
                            [--write] [--output <patch file>]   (a unified diff, for git apply)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive] [--from <file>]
                            [--batches <n> | --batch-size <n>]   (prints a GitHub matrix, <= 256 jobs)
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version
  iam-credential-gate <command> --help       (the options of one command)

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,P={closed:!1},Ee={stdout:e=>{P.closed||process.stdout.write(e)},stderr:e=>process.stderr.write(z(e)),clock:()=>Date.now(),isTTY:process.stdout.isTTY===!0,color:process.stdout.isTTY===!0&&!process.env.NO_COLOR,root:process.env.GITHUB_WORKSPACE||void 0};async function me(e,t=Ee){let[i,...n]=e,a,c=fe(i,n);if(c!==void 0)return t.stdout(`${c}
`),0;try{switch(i){case"check":return await ce(n,t,r=>a=r);case"fix":return await de(n,t);case"fetch":{let{values:r}=R({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),s=T(r.output,"--output"),d=Number(r["max-wait-seconds"]);if(!Number.isFinite(d)||d<=0)throw new p(`--max-wait-seconds must be a positive number, not "${r["max-wait-seconds"]}"`);let{fetchReportToFile:m}=await import("./chunks/fetch-XRDTGOSG.js"),f=await m({output:s,maxWaitMs:d*1e3,log:h=>t.stderr(`iam-credential-gate: ${h}
`),clock:t.clock});return t.stderr(`iam-credential-gate: credential report generated ${f.generatedAt.toISOString()} written to ${s} (${f.content.length} bytes, ${f.calls} API calls); generation time in ${s}.meta.json
`),0}case"merge":{let{mergeCommand:r}=await import("./chunks/merge-4DW7YLVY.js");return await r(n,t)}case"list-accounts":{let{values:r}=R({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"include-inactive":{type:"boolean",default:!1},...oe}});return await ae(r,t)}case"presets":{if(n.length>0)throw new p("presets takes no arguments");let{renderPresetList:r}=await import("./chunks/presets-doc-MTPCZLI4.js");return t.stdout(r()),0}case"validate-policy":{let{positionals:r}=R({args:n,strict:!0,allowPositionals:!0,options:{}});if(r.length!==1)throw new p("validate-policy takes exactly one policy file");let s=await L(r[0],t.clock());t.stdout(`${s.file}: valid (${s.presets.length>0?`extends ${s.presets.join(", ")}; `:""}fail_on ${s.failOn}; ${Object.keys(s.rules).length} rule override(s), ${s.serviceUsers.users.length+s.serviceUsers.paths.length} service-user pattern(s), ${s.exemptions.length} exemption(s))
`);for(let d of M(s))t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${d.message}
`);return 0}case"--version":case"-v":return t.stdout(`${$}
`),0;case"--help":case"-h":case"help":return t.stdout(`${pe}
`),0;default:throw new p(i===void 0?"no command given":`unknown command "${i}"`,{},"see --help")}}catch(r){let s=v(r)?r.describe():r.code?.startsWith("ERR_PARSE_ARGS")?`${r.message}

${pe}`:`unexpected error: ${r.stack??String(r)}`;return t.stderr(`iam-credential-gate: ${s}
`),a&&await le(s,r,a,t.root),2}}process.stdout.on("error",e=>{if(e.code!=="EPIPE")throw e;P.closed=!0});process.exitCode=await me(process.argv.slice(2));

# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_vmmigrate_global_optspecs
    string join \n kubeconfig= context= cluster= user= request-timeout= n/namespace= o/output= v/v= h/help V/version
end

function __fish_kubectl_vmmigrate_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_vmmigrate_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_vmmigrate_using_subcommand
    set -l cmd (__fish_kubectl_vmmigrate_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "import" -d 'Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "preview" -d 'Show what would be created for VM specs: a summary table and warnings, or the objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "assess" -d 'Judge migration readiness: a per-VM table of Critical / Warning / Information concerns'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "apply" -d 'Server-side apply VM specs (converted on the fly) or generated manifests to the cluster'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "roll" -d 'Roll a change out over running VMs within a disruption budget; steer it with subcommands'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "start" -d 'Start VMs (by selector or name) through KubeVirt, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "stop" -d 'Stop VMs as KubeVirt\'s run strategies expect, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "restart" -d 'Restart VMs within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "migrate" -d 'Live-migrate VMs within a budget; those that cannot migrate are reported'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "evacuate" -d 'Move every VM off a node within a budget (migrate, or restart with --allow-restart)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "completion" -d 'Print a shell completion script (bash, zsh, fish or powershell)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "version" -d 'Print the plugin version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l output-dir -d 'Write one <vm>.yaml per VM and a kustomization.yaml into this folder instead of stdout' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l interactive -d 'Ask where unmapped networks and datastores go and save the answers to the --map file (created if missing). Prompts only on a terminal'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l summary -d 'Print the plan\'s totals (vCPUs, memory, disk per storage class, VMs per namespace) under the table, or alone as JSON with -o json'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l diff -d 'Diff the objects against the live cluster (exit 1 when something differs, like kubectl diff); honours KUBECTL_EXTERNAL_DIFF'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l strict-preflight -d 'With --diff: fail when a preflight check cannot be made for lack of read rights instead of warning and going on'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l allow-critical -d 'Exit 0 even when a VM has a Critical concern (the report is the same)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l dry-run -d 'Must be "none", "server", or "client": server sends a dry-run request, client only prints what would be sent' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l field-manager -d 'Name of the manager that owns the applied fields' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l server-side -d 'Accepted for kubectl compatibility: apply is always server-side' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l timeout -d 'How long --wait waits (e.g. 30m; 0 waits forever)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l stuck-after -d 'With --wait: fail when a VM\'s disks make no progress for this long' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l concurrency -d 'Objects applied at once (within one dependency stage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l force-conflicts -d 'Take ownership of fields another manager owns instead of failing on the conflict'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l create-namespace -d 'Create the target namespaces when they do not exist'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s y -l yes -d 'Do not ask for confirmation on a terminal'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l wait -d 'Wait until every VM\'s disks have imported and it is Ready (progress on stderr)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l strict-preflight -d 'Fail when a preflight check cannot be made for lack of read rights (storage classes, VMs of other namespaces...) instead of warning and going on'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s f -l filename -d 'Manifests to roll out (VirtualMachines by name, e.g. the output of `import`)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-memory -d 'New guest memory (e.g. 4Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-cpu -d 'New number of CPU sockets' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-instancetype -d 'New instancetype name' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-image -d 'New image of every containerDisk volume' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-label -d 'Label to set on the VMs (KEY=VALUE; repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-annotation -d 'Annotation to set on the VMs (KEY=VALUE; repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l patch -d 'JSON merge patch of spec.template' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l max-unavailable -d 'VMs that may be unavailable at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l max-surge -d 'Extra VMs (replacements, migration targets) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l progress-deadline -d 'Seconds one VM may take to become available before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l max-action -d 'The most disruptive action allowed; VMs needing more are left alone' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l min-action -d 'The least action taken on each VM not yet on the target' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l canary -d 'Update N VMs first, then pause (or wait --canary-wait)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l canary-wait -d 'Seconds to wait after the canary instead of pausing' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l order -r -f -a "name\t''
oldest\t''
random\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l failure-threshold -d 'Failed VMs after which the rollout stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address (status.interfaces[0].ipAddress)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l lease-duration -d 'Seconds the rollout Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l cause -d 'Change cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l revision-history-limit -d 'Revisions kept for `roll history` and `roll undo`, like a Deployment\'s; older ControllerRevisions are deleted (never the current one or the one rolled back to)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l auto-rollback -d 'Roll back the touched VMs by itself when the rollout fails'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l dry-run -d 'Print each VM\'s action, the batches and the diff; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "status" -d 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "pause" -d 'Pause a rollout (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "resume" -d 'Resume a paused or interrupted rollout (also passes a canary pause)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "abort" -d 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "history" -d 'List the revisions with their change cause'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "undo" -d 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s w -l watch -d 'Follow until the rollout ends'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s A -l all-namespaces -d 'List the rollouts of every namespace (without -l or names)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l rollback
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l to-revision -d 'Revision to return to (see `roll history`); default: the previous one' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause a rollout (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused or interrupted rollout (also passes a canary pause)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the revisions with their change cause'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may take (e.g. 30m; 0 waits forever); then exit 3, and the same command goes on where it stopped' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until every VM got there (Ready, or stopped); without it the command returns once the last action was asked (earlier ones still wait for the budget)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may take (e.g. 30m; 0 waits forever); then exit 3, and the same command goes on where it stopped' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until every VM got there (Ready, or stopped); without it the command returns once the last action was asked (earlier ones still wait for the budget)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may take (e.g. 30m; 0 waits forever); then exit 3, and the same command goes on where it stopped' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until every VM got there (Ready, or stopped); without it the command returns once the last action was asked (earlier ones still wait for the budget)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may take (e.g. 30m; 0 waits forever); then exit 3, and the same command goes on where it stopped' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until every VM got there (Ready, or stopped); without it the command returns once the last action was asked (earlier ones still wait for the budget)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may take (e.g. 30m; 0 waits forever); then exit 3, and the same command goes on where it stopped' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l cordon -d 'Mark the node unschedulable first (`kubectl cordon`), so nothing comes back'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'Restart elsewhere the VMs that cannot live-migrate instead of leaving them there'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until every VM got there (Ready, or stopped); without it the command returns once the last action was asked (earlier ones still wait for the budget)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the evacuation of NODE'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume it (or go on with one whose client died)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop it; its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended evacuations of the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the evacuation of NODE'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume it (or go on with one whose client died)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop it; its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended evacuations of the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s o -l output -d 'Output format: yaml, json, name or wide' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "import" -d 'Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "preview" -d 'Show what would be created for VM specs: a summary table and warnings, or the objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "assess" -d 'Judge migration readiness: a per-VM table of Critical / Warning / Information concerns'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "apply" -d 'Server-side apply VM specs (converted on the fly) or generated manifests to the cluster'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "roll" -d 'Roll a change out over running VMs within a disruption budget; steer it with subcommands'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "start" -d 'Start VMs (by selector or name) through KubeVirt, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "stop" -d 'Stop VMs as KubeVirt\'s run strategies expect, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "restart" -d 'Restart VMs within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "migrate" -d 'Live-migrate VMs within a budget; those that cannot migrate are reported'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "evacuate" -d 'Move every VM off a node within a budget (migrate, or restart with --allow-restart)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "completion" -d 'Print a shell completion script (bash, zsh, fish or powershell)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "version" -d 'Print the plugin version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply roll start stop restart migrate evacuate completion version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "status" -d 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "pause" -d 'Pause a rollout (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "resume" -d 'Resume a paused or interrupted rollout (also passes a canary pause)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "abort" -d 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "history" -d 'List the revisions with their change cause'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "undo" -d 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "pause" -d 'Pause the evacuation of NODE'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "resume" -d 'Resume it (or go on with one whose client died)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "abort" -d 'Stop it; its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "history" -d 'List the ended evacuations of the namespace'

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
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
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
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s h -l help -d 'Print help'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s V -l version -d 'Print version'
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
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply completion version help" -f -a "import" -d 'Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply completion version help" -f -a "preview" -d 'Show what would be created for VM specs: a summary table and warnings, or the objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply completion version help" -f -a "assess" -d 'Judge migration readiness: a per-VM table of Critical / Warning / Information concerns'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply completion version help" -f -a "apply" -d 'Server-side apply VM specs (converted on the fly) or generated manifests to the cluster'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply completion version help" -f -a "completion" -d 'Print a shell completion script (bash, zsh, fish or powershell)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply completion version help" -f -a "version" -d 'Print the plugin version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply completion version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'

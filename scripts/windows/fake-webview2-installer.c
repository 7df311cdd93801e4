/* Stands in for Microsoft's WebView2 runtime installer in the installer test under Wine
 * (check-installer.sh): setup.exe must run a MicrosoftEdgeWebView2*.exe it finds beside itself
 * when the runtime is missing. This one only writes its arguments to %TEMP%\zs-webview2-args.txt.
 * Test only: never shipped. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    char path[MAX_PATH];
    DWORD n = GetTempPathA(MAX_PATH - 32, path);
    if (n == 0)
        return 1;
    strcat(path, "zs-webview2-args.txt");
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    for (int i = 1; i < argc; i++)
        fprintf(f, i > 1 ? " %s" : "%s", argv[i]);
    fclose(f);
    return 0;
}

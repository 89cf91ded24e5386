#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# tapcheck.pl FILE: reads a TAP stream with TAP::Parser (the parser behind
# prove) and prints what it understood, a "key value" line each, including
# every YAML diagnostic block as parsed data, for the selftests to compare.
use strict;
use warnings;
use TAP::Parser;

open(my $f, '<', $ARGV[0]) or die "$ARGV[0]: $!\n";
my $tap = do { local $/; <$f> };
my $p = TAP::Parser->new({ tap => $tap });
while (my $r = $p->next) {
    next unless $r->is_yaml;
    my $d = $r->data;
    my $n = ref $d->{messages} eq 'ARRAY' ? scalar @{ $d->{messages} } : 0;
    my $last = $n ? $d->{messages}[-1]{text} : '';
    $last =~ s/\n/\\n/g;
    printf "yaml status=%s line=%s messages=%d last=%s\n", $d->{status}, $d->{line}, $n, $last;
}
printf "version %s\n", $p->version;
printf "plan %s\n", $p->plan;
printf "tests_run %d\n", $p->tests_run;
printf "passed %s\n", join(',', $p->passed);
printf "failed %s\n", join(',', $p->failed);
printf "skipped %s\n", join(',', $p->skipped);
printf "parse_errors %d\n", scalar($p->parse_errors);
print "error $_\n" for $p->parse_errors;
